// A "打印" button on printable pages: the Content-Security-Policy allows no inline script or javascript: link.
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
