"""Views of the reviews app, split by feature."""
