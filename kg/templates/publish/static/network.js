// Pan, zoom and highlight for the actor network drawn as inline SVG by kg publish.
(function () {
  "use strict";
  var svg = document.getElementById("network");
  if (!svg) { return; }
  var viewport = document.getElementById("viewport");
  var panel = document.getElementById("selection");
  var box = svg.viewBox.baseVal;
  var home = { x: box.x, y: box.y, w: box.width, h: box.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
  var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; });

  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }

  function zoom(factor, cx, cy) {
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    var w = Math.min(Math.max(view.w * factor, home.w / 12), home.w * 4);
    var k = w / view.w;
    view.x = cx - (cx - view.x) * k;
    view.y = cy - (cy - view.y) * k;
    view.w = w;
    view.h = view.h * k;
    apply();
  }

  function toSvg(event) {
    var rect = svg.getBoundingClientRect();
    var scale = Math.max(view.w / rect.width, view.h / rect.height);
    var offX = (rect.width * scale - view.w) / 2, offY = (rect.height * scale - view.h) / 2;
    return { x: view.x - offX + (event.clientX - rect.left) * scale, y: view.y - offY + (event.clientY - rect.top) * scale, scale: scale };
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = toSvg(event);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });

  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, scale: toSvg(event).scale };
    moved = false;
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; svg.classList.add("dragging"); }
    view.x = drag.vx - dx * drag.scale;
    view.y = drag.vy - dy * drag.scale;
    apply();
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });

  function neighbours(id) {
    var lit = {}, links = [];
    lit[id] = true;
    edges.forEach(function (e) {
      var s = e.getAttribute("data-source"), t = e.getAttribute("data-target");
      if (s === id || t === id) {
        if (!e.classList.contains("member") || !svg.classList.contains("hide-member")) {
          lit[s] = lit[t] = true;
          links.push(e);
        }
      }
    });
    return { lit: lit, links: links };
  }

  function clear() {
    svg.classList.remove("has-focus");
    nodes.forEach(function (n) { n.classList.remove("lit", "selected"); });
    edges.forEach(function (e) { e.classList.remove("lit"); });
  }

  function highlight(ids, links) {
    clear();
    svg.classList.add("has-focus");
    Object.keys(ids).forEach(function (id) { if (byId[id]) { byId[id].classList.add("lit"); } });
    links.forEach(function (e) { e.classList.add("lit"); });
  }

  function select(node) {
    var found = neighbours(node.id);
    highlight(found.lit, found.links);
    node.classList.add("selected");
    panel.innerHTML = "";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = node.getAttribute("href");
    a.textContent = node.getAttribute("data-label");
    h.appendChild(a);
    panel.appendChild(h);
    var p = document.createElement("p");
    p.textContent = node.getAttribute("data-cls") + " · " + found.links.length + " links";
    panel.appendChild(p);
    var ul = document.createElement("ul");
    found.links.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.querySelector("title").textContent;
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  nodes.forEach(function (node) {
    node.addEventListener("click", function (event) {
      event.preventDefault();
      if (!moved) { select(node); }
    });
    node.addEventListener("mouseenter", function () {
      if (!svg.querySelector(".node.selected")) {
        var found = neighbours(node.id);
        highlight(found.lit, found.links);
      }
    });
    node.addEventListener("mouseleave", function () {
      if (!svg.querySelector(".node.selected")) { clear(); }
    });
  });
  svg.addEventListener("click", function (event) {
    if (!moved && event.target === svg) { clear(); panel.innerHTML = ""; }
  });

  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1 / 1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.3); });
  document.getElementById("zoom-reset").addEventListener("click", function () {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
    clear();
    panel.innerHTML = "";
  });
  document.getElementById("show-member").addEventListener("change", function (event) {
    svg.classList.toggle("hide-member", !event.target.checked);
  });
  var filter = document.getElementById("network-filter");
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    if (!q) { clear(); return; }
    var ids = {};
    nodes.forEach(function (n) {
      if (n.getAttribute("data-label").toLowerCase().indexOf(q) !== -1) { ids[n.id] = true; }
    });
    highlight(ids, []);
  });
})();
