// The web UI's only script (the Content-Security-Policy allows no inline JavaScript): buttons marked
// data-action="print" print the page. Everything else works without JavaScript.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-action="print"]') : null;
  if (target) window.print();
});
