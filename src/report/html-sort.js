document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () {
      var body = table.tBodies[0];
      var down = th.getAttribute("aria-sort") !== "descending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var key = function (row) {
        var cell = row.cells[col];
        return cell.getAttribute("data-sort") || cell.textContent;
      };
      Array.prototype.slice.call(body.rows)
        .sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x.localeCompare(y, undefined, { numeric: true });
          return down ? -order : order;
        })
        .forEach(function (row) { body.appendChild(row); });
    });
  });
});
// Folded lists of operations print unfolded: paper cannot be clicked open.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.operations").forEach(function (d) { d.open = true; });
});
