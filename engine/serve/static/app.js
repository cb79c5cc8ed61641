// Keeps a page of `slutrapport serve` up to date: on each event from the server it fetches
// the page afresh and replaces the regions marked data-live that changed, keeps the keyboard
// focus where it was, and says what changed in the status line (a live region).
(function () {
  "use strict";
  var status = document.getElementById("meddelande");
  var VIEW = "slutrapport-visa";

  function view() {
    var chosen = document.querySelector('input[name="visa"]:checked');
    document.querySelectorAll("[data-visa]").forEach(function (part) {
      part.hidden = chosen !== null && part.getAttribute("data-visa") !== chosen.value;
    });
  }

  var choices = document.querySelectorAll('input[name="visa"]');
  if (choices.length) {
    var saved = null;
    try { saved = window.localStorage.getItem(VIEW); } catch (e) { /* storage refused: the default */ }
    choices.forEach(function (input) {
      if (input.value === saved) { input.checked = true; }
      input.addEventListener("change", function () {
        try { window.localStorage.setItem(VIEW, input.value); } catch (e) { /* kept for this page only */ }
        view();
      });
    });
    choices[0].closest("fieldset").hidden = false;
    view();
  }

  var served = {};  // each live region as the server last sent it (the page changes hidden attributes)
  document.querySelectorAll("[data-live]").forEach(function (part) { served[part.id] = part.innerHTML; });

  function focusables(part) {
    return Array.prototype.slice.call(part.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"));
  }

  function replace(part, html) {
    var at = part.contains(document.activeElement) ? focusables(part).indexOf(document.activeElement) : -1;
    part.innerHTML = html;
    if (at >= 0) {
      var now = focusables(part);
      (now[Math.min(at, now.length - 1)] || part).focus({ preventScroll: true });
    }
  }

  function clock() {
    return new Date().toLocaleTimeString("sv-SE");
  }

  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404) { throw new Error("borta"); }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var changed = [];
        document.querySelectorAll("[data-live]").forEach(function (part) {
          var next = fresh.getElementById(part.id);
          if (next && next.innerHTML !== served[part.id]) {
            served[part.id] = next.innerHTML;
            replace(part, next.innerHTML);
            changed.push(part.getAttribute("data-live"));
          }
        });
        if (changed.length) {
          view();
          status.textContent = "Uppdaterat " + clock() + ": " + changed.join(", ") + ".";
        }
      })
      .catch(function (error) {
        status.textContent = error.message === "borta"
          ? "Källan finns inte längre i mappen."
          : "Sidan kunde inte uppdateras (" + error.message + "); försöker igen vid nästa ändring.";
      })
      .finally(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var seen = document.body.getAttribute("data-version"), cut = false;
  function heard(version) {
    if (cut) { cut = false; status.textContent = "Förbindelsen med slutrapport serve är tillbaka."; }
    if (version !== seen) { seen = version; refresh(); }
  }
  function lost() {  // once: the browser tries again every second, and a screen reader would say it each time
    if (cut) { return; }
    cut = true;
    status.textContent = "Förbindelsen med slutrapport serve bröts: är den avslutad?";
  }
  // The stream's errors: refused for good (CLOSED), or the server gone, which the browser
  // keeps trying to reach (CONNECTING): said at once either way.
  function listen(onVersion, onLost, onEnd) {
    var events = new EventSource("/handelser");
    events.onmessage = function (event) { onVersion(event.data); };
    events.onerror = function () {
      onLost();
      if (events.readyState === EventSource.CLOSED) { onEnd(); }
    };
  }

  // One event stream for all of this server's tabs: a browser keeps at most six connections
  // to a server, and a stream holds one for as long as its tab is open, so a seventh tab
  // would never load. The tab that holds the lock listens and tells the others; when it is
  // closed, the next one takes over.
  if (window.BroadcastChannel && navigator.locks) {
    var channel = new BroadcastChannel("slutrapport-handelser");
    channel.onmessage = function (message) {
      if (message.data === null) { lost(); } else { heard(message.data); }
    };
    navigator.locks.request("slutrapport-handelser", function () {
      return new Promise(function (release) {  // held while this tab is open and the stream lives
        listen(function (version) { channel.postMessage(version); heard(version); },
               function () { channel.postMessage(null); lost(); }, release);
      });
    });
  } else {
    listen(heard, lost, function () {});
  }
})();
