/// The report's only style: inline, system fonts, light and dark schemes,
/// and print rules. Chart colours are classes here, so the SVG has none.
enum Stylesheet {
    static let css = """
        :root { --fg: #1d2430; --muted: #5b6472; --bg: #ffffff; --panel: #f5f7fa; --line: #d9dee6;
          --accent: #2457c5; --train: #2457c5; --test: #c46a00; --unseen: #7a3fb8;
          --up: #1c7c3a; --down: #b3261e; --add-bg: #d8f5df; --add-fg: #0f5323; --del-bg: #fbe0de; --del-fg: #8a1c14;
          --c0: #2457c5; --c1: #c46a00; --c2: #1c7c3a; --c3: #b3261e; --c4: #7a3fb8; --c5: #0f7c86; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e3e7ee; --muted: #9aa3b2; --bg: #14171c; --panel: #1d2129; --line: #343a46;
            --accent: #7aa7ff; --train: #7aa7ff; --test: #ffb35c; --unseen: #c99bff;
            --up: #6fd08c; --down: #ff8a80; --add-bg: #173d22; --add-fg: #b8f0c6; --del-bg: #4a1e1b; --del-fg: #ffc4be;
            --c0: #7aa7ff; --c1: #ffb35c; --c2: #6fd08c; --c3: #ff8a80; --c4: #c99bff; --c5: #5fd3dc; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: var(--bg);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.top, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
        header.top { padding-top: 24px; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.35em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.1em; margin: 26px 0 8px; }
        h4 { font-size: 1em; margin: 16px 0 6px; }
        p.sub, .file, .meta, .ci, figcaption .what, footer, .note { color: var(--muted); }
        .file { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
        nav ol { margin: 8px 0 0; padding-left: 22px; }
        a { color: var(--accent); }
        code, pre, .cid, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; padding: 8px 10px; background: var(--panel);
          border: 1px solid var(--line); border-radius: 6px; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 8px 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .table-wrap { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
        td.nowrap { white-space: nowrap; }
        td.models { max-width: 14em; overflow-wrap: anywhere; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--line); vertical-align: bottom; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        tr.mean td { font-weight: 600; }
        .config-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 0 24px; align-items: start; }
        table.config { width: 100%; margin: 4px 0; }
        table.config td { overflow-wrap: anywhere; padding: 2px 8px; }
        table.config pre { margin: 0; padding: 4px 6px; }
        details.config { margin-top: 22px; }
        details.config > summary > h3 { display: inline; }
        table.config td:first-child { white-space: nowrap; color: var(--muted); }
        .ci { font-size: 0.82em; }
        .none { color: var(--muted); }
        .delta.up { color: var(--up); } .delta.down { color: var(--down); } .delta.same { color: var(--muted); }
        .delta { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
        figure { margin: 0; padding: 10px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
        figcaption { font-weight: 600; margin-bottom: 4px; }
        figcaption .what { font-weight: normal; font-size: 0.88em; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .tick { stroke: var(--muted); }
        svg.chart text { fill: var(--muted); font-size: 11px; font-family: inherit; }
        svg.chart .axis-label { font-size: 11px; }
        svg.chart .line { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
        svg.chart .dashed { stroke-dasharray: 6 4; }
        svg.chart .whisker { stroke-width: 1.3; }
        svg.chart .marker { stroke: var(--bg); stroke-width: 1.5; }
        .s-train { color: var(--train); } .s-test { color: var(--test); } .s-unseen { color: var(--unseen); }
        .c0 { color: var(--c0); } .c1 { color: var(--c1); } .c2 { color: var(--c2); } .c3 { color: var(--c3); } .c4 { color: var(--c4); } .c5 { color: var(--c5); }
        svg.chart .series .line, svg.chart .series .whisker { stroke: currentColor; }
        svg.chart .series .marker { fill: currentColor; }
        ul.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.88em; }
        ul.legend li { color: var(--fg); }
        ul.legend .swatch { letter-spacing: -2px; margin-right: 4px; }
        ul.legend li.s-train .swatch { color: var(--train); } ul.legend li.s-test .swatch { color: var(--test); }
        ul.legend li.s-unseen .swatch { color: var(--unseen); }
        ul.legend li.c0 .swatch { color: var(--c0); } ul.legend li.c1 .swatch { color: var(--c1); } ul.legend li.c2 .swatch { color: var(--c2); }
        ul.legend li.c3 .swatch { color: var(--c3); } ul.legend li.c4 .swatch { color: var(--c4); } ul.legend li.c5 .swatch { color: var(--c5); }
        .prompt.best { border-left: 4px solid var(--up); }
        .diff { margin: 10px 0 18px; }
        .diff-head { font-weight: 600; margin-bottom: 2px; }
        .diff-cols { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
        .diff-cols .side-title { font-size: 0.85em; color: var(--muted); }
        del { background: var(--del-bg); color: var(--del-fg); text-decoration: line-through; }
        ins { background: var(--add-bg); color: var(--add-fg); text-decoration: none; }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 20px; }
        ul.tree { padding-left: 0; }
        ul.tree > li { margin: 10px 0; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
        ul.tree li.user { margin: 3px 0; }
        ul.tree .task-name { font-weight: 600; margin-top: 6px; display: block; }
        .row { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
        .cid { font-weight: 700; }
        details > summary { cursor: pointer; color: var(--muted); overflow-wrap: anywhere; }
        details.text > summary { font-size: 0.9em; }
        .mark { display: inline-block; font-size: 0.75em; font-weight: 700; padding: 0 6px; border-radius: 9px; border: 1px solid currentColor; }
        .mark.best { color: var(--up); } .mark.kept { color: var(--accent); } .mark.pinned { color: var(--c4); }
        .mark.pruned { color: var(--muted); } .mark.rejected { color: var(--down); } .mark.current { color: var(--test); }
        li.pruned > .row .cid { text-decoration: line-through; }
        article.analysis { margin: 10px 0 16px; padding: 8px 12px; border-left: 4px solid var(--test); background: var(--panel); border-radius: 0 8px 8px 0; }
        article.analysis > header { font-weight: 600; }
        ol.examples { padding-left: 0; list-style: none; }
        ol.examples > li { margin: 8px 0; padding: 6px 0; border-top: 1px dashed var(--line); }
        .ex-head { font-size: 0.92em; }
        .ex-head .gold { color: var(--up); font-weight: 600; } .ex-head .read { color: var(--down); font-weight: 600; }
        .label { color: var(--muted); font-size: 0.85em; }
        .warn { color: var(--down); }
        footer { margin: 40px auto 24px; font-size: 0.85em; }
        @media (max-width: 760px) { .diff-cols { grid-template-columns: 1fr; } dl.facts { grid-template-columns: 1fr; } }
        @media print { details > * { display: block; } body { font-size: 12px; } figure, article.analysis { break-inside: avoid; } }

        """
}
