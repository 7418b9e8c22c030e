// The demo page: sends the article to POST /v1/quotes and shows the answer.
// Offsets are requested in UTF-16 code units, the unit JavaScript strings
// are indexed in, so text.slice(start, end) is exactly the quoted words even
// after an emoji.  Speech is always asked for, positions (beliefs, plans,
// votes, stances) while their box is ticked; each highlight says which act
// it is and what kind of speaker said it.
"use strict";

(function () {
  const form = document.getElementById("article-form");
  const textarea = document.getElementById("article");
  const button = document.getElementById("submit");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const rendered = document.getElementById("rendered");
  const speakerRows = document.querySelector("#speakers tbody");
  const positions = document.getElementById("positions");
  const PALETTE_SIZE = 6;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function describe(quote) {
    const s = quote.speaker;
    const lines = [s ? s.name + " (" + s.kind + ")" : "Unknown speaker"];
    if (s && s.role) lines.push("Role: " + s.role);
    if (s && s.affiliation) lines.push("Affiliation: " + s.affiliation);
    if (quote.verb) lines.push("Verb: " + quote.verb.text);
    lines.push("Act: " + quote.act);
    lines.push("Type: " + quote.type + " · confidence " + quote.confidence.toFixed(2));
    return lines.join("\n");
  }

  // The text with each quotation wrapped in a <mark>; overlapping
  // quotations (rare) keep the first one.
  function renderArticle(text, quotes, colours) {
    const ordered = quotes.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [];
    let at = 0;
    for (const quote of ordered) {
      if (quote.start < at) continue;
      parts.push(document.createTextNode(text.slice(at, quote.start)));
      const s = quote.speaker;
      const mark = el("mark", {
        className: "quote quote-" + quote.type + " act-" + quote.act +
          (s ? " speaker-" + colours.get(s.id) : " speaker-none"),
        title: describe(quote),
        tabIndex: 0,
      }, [text.slice(quote.start, quote.end)]);
      mark.dataset.quoteId = quote.id;
      mark.dataset.type = quote.type;
      mark.dataset.act = quote.act;
      mark.dataset.speaker = s ? s.name : "";
      mark.dataset.kind = s ? s.kind : "";
      mark.dataset.role = s && s.role ? s.role : "";
      mark.dataset.affiliation = s && s.affiliation ? s.affiliation : "";
      mark.dataset.verb = quote.verb ? quote.verb.text : "";
      mark.dataset.tip = describe(quote);
      parts.push(mark);
      at = quote.end;
    }
    parts.push(document.createTextNode(text.slice(at)));
    rendered.replaceChildren(...parts);
  }

  function renderSpeakers(speakers, colours) {
    const rows = speakers.map((s) => {
      const swatch = el("span", { className: "swatch speaker-" + colours.get(s.id) });
      swatch.setAttribute("aria-hidden", "true");
      const row = el("tr", {}, [
        el("td", {}, [swatch, s.name]),
        el("td", {}, [s.kind]),
        el("td", {}, [s.role || "—"]),
        el("td", {}, [s.affiliation || "—"]),
        el("td", { className: "num" }, [String(s.quote_ids.length)]),
      ]);
      row.dataset.speakerId = s.id;
      return row;
    });
    if (rows.length === 0) {
      rows.push(el("tr", {}, [el("td", { colSpan: 5, className: "empty" }, ["No speakers found."])]));
    }
    speakerRows.replaceChildren(...rows);
  }

  async function findQuotes(text) {
    const acts = positions.checked ? ["speech", "position"] : ["speech"];
    const response = await fetch("/v1/quotes", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ text: text, options: { offsets: "utf16", acts: acts } }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.statusText;
      throw new Error(detail + " (HTTP " + response.status + ")");
    }
    return body;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = textarea.value;
    button.disabled = true;
    status.className = "";
    status.textContent = "Working…";
    try {
      const body = await findQuotes(text);
      const colours = new Map(body.speakers.map((s, i) => [s.id, i % PALETTE_SIZE]));
      renderArticle(text, body.quotes, colours);
      renderSpeakers(body.speakers, colours);
      results.hidden = false;
      const q = body.quotes.length;
      const n = body.speakers.length;
      status.textContent = q + (q === 1 ? " quotation, " : " quotations, ") +
        n + (n === 1 ? " speaker" : " speakers") + " in " + Math.round(body.meta.elapsed_ms) + " ms";
      document.body.dataset.state = "done";
    } catch (error) {
      status.className = "error";
      status.textContent = "Could not find quotations: " + error.message;
      document.body.dataset.state = "error";
    } finally {
      button.disabled = false;
    }
  });

  fetch("/version").then((r) => r.json()).then((v) => {
    document.getElementById("version").textContent =
      "service " + v.version + " · lexicons " + v.lexicon_version.slice(0, 12);
  }).catch(() => {});
})();
