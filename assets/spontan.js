// SPONTAN page helpers: focus management, the error summary, unsaved-change warnings.
// Loaded once by the page shell (spontan_app/components/layout.py); no state of its own
// beyond "has the applicant typed something the server has not saved yet".
(function () {
  if (window.spontanFocus) return;

  // Focus an element by id once it exists (state updates render a moment after an event).
  window.spontanFocus = function (id, tries) {
    var left = tries === undefined ? 20 : tries;
    var el = document.getElementById(id);
    if (el) {
      if (!el.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(el.tagName)) {
        el.setAttribute("tabindex", "-1");
      }
      el.focus({ preventScroll: false });
      if (el.scrollIntoView) el.scrollIntoView({ block: "center" });
    } else if (left > 0) {
      setTimeout(function () { window.spontanFocus(id, left - 1); }, 50);
    }
  };

  // After a server answer: focus once React has drawn the answer (an element with this id
  // from the previous answer may still be on the page for a moment).
  // Unless the person has moved on meanwhile (clicked a link of the summary, started typing):
  // their focus is left where they put it.
  window.spontanFocusSoon = function (id) {
    var before = document.activeElement;
    setTimeout(function () {
      var now = document.activeElement;
      var target = document.getElementById(id);
      var movedOn = now && now !== before && now !== document.body && !(target && target.contains(now));
      if (!movedOn) window.spontanFocus(id);
    }, 150);
  };

  // ---- dialogs give the focus back --------------------------------------------------------
  // Our dialogs are opened by the server (no Radix trigger), so on close Radix has no control
  // to return to and the focus falls to <body>. Remember the last control focused outside a
  // dialog and return to it (or to <main> when it is gone, e.g. the row was cancelled).
  var DIALOG = "[role='dialog'], [role='alertdialog']";
  var opener = null;
  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t && t !== document.body && t.closest && !t.closest(DIALOG)) opener = t;
  }, true);
  document.addEventListener("pointerdown", function (e) {
    // Safari does not focus a tapped button: the tapped control is the opener too.
    var t = e.target && e.target.closest && e.target.closest("button, a[href], input, select, [tabindex]");
    if (t && !t.closest(DIALOG)) opener = t;
  }, true);
  function giveFocusBack() {
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;  // someone chose already
    if (document.querySelector(DIALOG)) return;  // another dialog is open
    var target = opener && opener.isConnected && opener.offsetParent !== null ? opener
      : document.getElementById("isi");
    if (!target) return;
    if (!/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName) && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.removedNodes.forEach(function (node) {
        if (node.nodeType === 1 && (node.matches(DIALOG) || node.querySelector(DIALOG))) {
          setTimeout(giveFocusBack, 60);  // after Radix has run its own close focus
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });

  // ---- error summary (GOV.UK pattern) and the skip link ----------------------------------
  // A link in the summary moves focus to its field (not just scrolls to it); the skip link
  // moves it into <main>.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-error-summary] a[href*='#'], a.skip-link");
    if (!link) return;
    e.preventDefault();
    e.stopPropagation();  // no client-side route change for an in-page jump
    var href = link.getAttribute("href");
    var id = decodeURIComponent(href.slice(href.indexOf("#") + 1));
    var target = document.getElementById(id) || document.querySelector("[name='" + id + "']");
    if (target) {
      if (!/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName) && !target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");  // e.g. <main id="isi"> for the skip link
      }
      target.focus();
      target.scrollIntoView({ block: target.tagName === "MAIN" ? "start" : "center" });
    }
  }, true);

  // A summary that appears after a submit takes the focus (never while someone types).
  function focusNewSummary(node) {
    var summary = node.matches && node.matches("[data-error-summary]") ? node
      : node.querySelector && node.querySelector("[data-error-summary]");
    if (!summary) return;
    var active = document.activeElement;
    var fromSubmit = !active || active === document.body ||
      (active.matches && active.matches("button[type='submit'], [data-submit]"));
    if (fromSubmit) summary.focus();
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(focusNewSummary); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // ---- countdowns: <span data-countdown="57" data-countdown-text="… {s} detik"> ---------
  // The server says how many seconds are left when it draws the element; the browser counts.
  setInterval(function () {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      if (el._until === undefined) el._until = Date.now() + 1000 * Number(el.getAttribute("data-countdown") || 0);
      var left = Math.ceil((el._until - Date.now()) / 1000);
      var text = left > 0 ? "(" + el.getAttribute("data-countdown-text").replace("{s}", left) + ")" : "";
      if (el.textContent !== text) el.textContent = text;
      // Over: a link it locked can be used again (the server unlocks it as well, and
      // checks the time itself; this keeps the link usable if that message is lost).
      var locked = left <= 0 && el.closest && el.closest("[aria-disabled='true']");
      if (locked) locked.setAttribute("aria-disabled", "false");
    });
  }, 250);

  // ---- unsaved changes ------------------------------------------------------------------
  // Inputs inside [data-autosave] are saved by the server a moment after typing stops; until
  // it says so (spontanMarkSaved), leaving the page asks first.
  var lastEdit = 0;
  function edited(e) {
    var t = e.target;
    if (!t || !t.closest || !t.closest("[data-autosave]")) return;
    if (t.hasAttribute("data-no-autosave")) return;
    // Choices (select, date, checkbox, radio, file) reach the server at once; only typing
    // waits for the pause that triggers the autosave.
    if (t.tagName === "SELECT" || /^(date|checkbox|radio|file)$/.test(t.type)) return;
    lastEdit = Date.now();
    document.documentElement.setAttribute("data-unsaved", "");
  }
  // "input" only: the native "change" of a text box fires again on blur, which is no edit.
  document.addEventListener("input", edited, true);
  function dirty() {
    return lastEdit !== 0 && document.querySelector("[data-autosave]") !== null;
  }
  // force: everything is saved (Simpan Draf, a fresh load); otherwise only edits older than
  // the autosave delay are covered by the save that just finished.
  window.spontanMarkSaved = function (force) {
    if (force || Date.now() - lastEdit > 450) {
      lastEdit = 0;
      document.documentElement.removeAttribute("data-unsaved");
    }
  };
  window.spontanHasUnsaved = dirty;
  window.addEventListener("beforeunload", function (e) {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = "";
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || !dirty() || a.target === "_blank" || a.getAttribute("href").charAt(0) === "#") return;
    if (a.closest("[data-error-summary]")) return;
    if (!window.confirm("Perubahan Anda belum tersimpan. Tinggalkan halaman ini?")) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
})();
