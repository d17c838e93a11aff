// The query form: fills the text area with a named query chosen from the list.
(function () {
  "use strict";
  var select = document.getElementById("examples");
  var data = document.getElementById("example-queries");
  var area = document.getElementById("query");
  if (!select || !data || !area) { return; }
  var queries = JSON.parse(data.textContent);
  select.addEventListener("change", function () {
    if (select.value !== "") { area.value = queries[Number(select.value)]; }
  });
})();
