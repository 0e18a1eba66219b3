// The views' page behaviour (kg/views/page.py): details on hover and click, search in every
// language, a filter by class, physics that stops once settled, and window.tmStatus for the
// tests and benchmarks. The data comes from the page's JSON blocks; all HTML in it was escaped in
// Python. The page's Content-Security-Policy allows this file by its hash.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tm-data").textContent);
  data.options = JSON.parse(document.getElementById("tm-options").textContent);
  var status = window.tmStatus = {ready: false, readyAt: null, drawnNodes: 0, nodes: data.nodes.length,
                                  physics: data.options.physics.enabled};
  window.tmData = data;
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = window.tmNetwork = new vis.Network(document.getElementById("tm-network"),
    {nodes: nodes, edges: edges}, data.options);
  var details = document.getElementById("tm-details"), hint = details.innerHTML, pinned = null;
  function show(kind, id) { details.innerHTML = (kind === "node" ? data.info[id] : data.edgeInfo[id]) || hint; }
  function restore() { if (pinned) { show(pinned.kind, pinned.id); } else { details.innerHTML = hint; } }
  network.on("hoverNode", function (p) { show("node", p.node); });
  network.on("hoverEdge", function (p) { show("edge", p.edge); });
  network.on("blurNode", restore);
  network.on("blurEdge", restore);
  network.on("click", function (p) {
    pinned = p.nodes.length ? {kind: "node", id: p.nodes[0]} : p.edges.length ? {kind: "edge", id: p.edges[0]} : null;
    restore();
  });

  var hidden = {}, keys = {};
  data.nodes.forEach(function (n) { keys[n.id] = data.search[n.id].toLowerCase().split("\n"); });
  var box = document.getElementById("tm-search"), said = document.getElementById("tm-matches");
  var matches = [], at = -1, asked = null;
  function find(text) {
    var q = text.trim().toLowerCase(), exact = [], starts = [], inside = [];
    if (!q) { return []; }
    data.nodes.forEach(function (n) {
      if (hidden[data.cls[n.id]]) { return; }
      var ks = keys[n.id];
      if (ks.indexOf(q) >= 0) { exact.push(n.id); }
      else if (ks.some(function (k) { return k.indexOf(q) === 0; })) { starts.push(n.id); }
      else if (ks.some(function (k) { return k.indexOf(q) > 0; })) { inside.push(n.id); }
    });
    return exact.concat(starts, inside);
  }
  function next() {
    if (box.value !== asked) { matches = find(box.value); at = -1; asked = box.value; }
    if (!matches.length) { said.textContent = box.value.trim() ? "no match" : ""; return; }
    at = (at + 1) % matches.length;
    var id = matches[at];
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    pinned = {kind: "node", id: id};
    restore();
    said.textContent = (at + 1) + " of " + matches.length + (matches.length > 1 ? " (Enter: next)" : "");
  }
  box.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); next(); } });
  box.addEventListener("input", function () {
    asked = null;
    var n = box.value.trim() ? find(box.value).length : -1;
    said.textContent = n < 0 ? "" : n ? n + " found (Enter: show)" : "no match";
  });

  Array.prototype.forEach.call(document.querySelectorAll("#tm-legend input[data-cls]"), function (cb) {
    cb.addEventListener("change", function () {
      var cls = cb.getAttribute("data-cls");
      hidden[cls] = !cb.checked;
      nodes.update(data.nodes.filter(function (n) { return data.cls[n.id] === cls; })
        .map(function (n) { return {id: n.id, hidden: !cb.checked}; }));
      asked = null;
    });
  });

  function ready() {
    status.drawnNodes = network.body.nodeIndices.length;
    status.readyAt = performance.now();
    status.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (status.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
})();
