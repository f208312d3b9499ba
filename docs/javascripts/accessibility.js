/* Faultlines: accessibility fixes to Material's own markup that its templates give no option for.
 * The search overlay is a dialog without a name (axe-core: aria-dialog-name); name it after its field.
 * See docs/accessibility.md. */
(function () {
  "use strict";
  function name() {
    const dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }
  if (typeof document$ !== "undefined") document$.subscribe(name);
  else if (document.readyState !== "loading") name();
  else document.addEventListener("DOMContentLoaded", name);
})();
