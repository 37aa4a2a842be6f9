// Names as the reader types, from the reconciliation service's suggest: a few lines of
// plain JavaScript, no library, no build step. Without it the search box still searches.
(() => {
  const box = document.getElementById("search-box");
  const list = document.getElementById("search-suggestions");
  if (!box || !list || !window.fetch) return;
  let asked = "";
  let timer = 0;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const prefix = box.value.trim();
      if (!prefix || prefix === asked) return;
      asked = prefix;
      const lang = encodeURIComponent(document.documentElement.lang);
      const url = `/reconcile/suggest/entity?prefix=${encodeURIComponent(prefix)}&lang=${lang}`;
      try {
        const answer = await fetch(url, { headers: { Accept: "application/json" } });
        if (!answer.ok || prefix !== asked) return;
        const { result } = await answer.json();
        list.replaceChildren(
          ...result.map(({ name, description }) => {
            const option = document.createElement("option");
            option.value = name;
            if (description) option.label = description;
            return option;
          }),
        );
      } catch {
        // no suggestions this time: the search itself does not depend on them
      }
    }, 150);
  });
})();
