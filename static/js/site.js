// Confirmation before final actions: a form marked data-confirm, or the button that submits it
// (the "Submit" of an edit page, whose "Save" asks nothing), asks first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
