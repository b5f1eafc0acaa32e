"""Static files storage of production: hashed names and gzip copies (collectstatic)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """gzip copies only: nginx's gzip_static sends them, and brotli at its best level would make
    collectstatic minutes long on a small server for files no piece of the deployment sends."""

    def create_compressor(self, **kwargs):
        return super().create_compressor(**{**kwargs, "use_brotli": False})
