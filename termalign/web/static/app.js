// termalign serve: keyboard shortcuts. Every action is an ordinary form, so the page works without this file.
(function () {
  "use strict";
  var items = [];
  var current = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function select(index) {
    if (!items.length) { return; }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0) { items[current].classList.remove("selected"); }
    current = index;
    var item = items[current];
    item.classList.add("selected");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    if (history.replaceState) { history.replaceState(null, "", "#" + item.id); }
  }

  function press(action) {
    if (current < 0) { select(0); }
    var button = items[current] && items[current].querySelector('button[name="action"][value="' + action + '"]');
    if (button) { button.click(); }
  }

  function start() {
    items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
    // After an action the page comes back at the item acted on: select the one now there.
    if (items.length) {
      var wanted = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      var index = wanted ? items.indexOf(wanted) : 0;
      select(index >= 0 ? index : 0);
    }
    items.forEach(function (item, index) {
      item.addEventListener("click", function (event) {
        if (!event.target.closest("a, button, input, select, label")) { select(index); }
      });
    });
    document.addEventListener("keydown", onKey);
  }

  function onKey(event) {
    var help = document.getElementById("keyhelp");
    if (event.key === "Escape") {
      if (help && !help.hidden) { help.hidden = true; return; }
      if (typing(event.target)) { event.target.blur(); if (current >= 0) { items[current].focus(); } }
      return;
    }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var search = document.getElementById("q");
    switch (event.key) {
      case "/":
        event.preventDefault();
        if (search) { search.focus(); search.select(); } else { location.href = "/lookup"; }
        break;
      case "?":
        if (help) { help.hidden = !help.hidden; }
        break;
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "a": if (items.length) { press("approve"); } break;
      case "m": if (items.length) { press("admit"); } break;
      case "d": if (items.length) { press("deprecate"); } break;
      case "n":
        if (items.length && current >= 0) {
          event.preventDefault();
          var note = items[current].querySelector("input.note");
          if (note) { note.focus(); }
        }
        break;
      case "o":
      case "Enter":
        // Enter on a focused link or button keeps its own meaning; on the selected item it opens it.
        if (items.length && current >= 0 && (event.key === "o" || event.target === items[current])) {
          location.href = items[current].getAttribute("data-open");
        }
        break;
      default:
        return;
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
