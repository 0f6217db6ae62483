//! Text panel rendering, with content from real public dashboards (quoted where used) and
//! the hostile inputs a dashboard file can carry.

use super::*;

/// The tree as compact text: `<tag url>children</tag>`, text as is. Only for assertions.
fn show(nodes: &[Node]) -> String {
    nodes.iter().map(show_node).collect()
}

fn show_node(node: &Node) -> String {
    match node {
        Node::Text(text) => text.clone(),
        Node::Element(e) => {
            let name = format!("{:?}", e.tag).to_lowercase();
            let url = e
                .url
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            let start = e.start.map(|s| format!(" start={s}")).unwrap_or_default();
            format!("<{name}{url}{start}>{}</{name}>", show(&e.children))
        }
    }
}

#[test]
fn markdown_of_a_real_dashboard_renders_headings_links_and_lists() {
    // grafana/grafana's Prometheus 2.0 stats dashboard and FUSAKLA's Prometheus 2.0 dashboard.
    let text = "# Welcome!\nIn case you encounter any issues, please refer to the GitHub \
                reposritory [https://fusakla.github.io/x](https://fusakla.github.io/x)\n\n\
                ### Few advices:\n - The constant type variable `custom_label_name` allows\n \
                - **bold** and *em* and ~~gone~~\n";
    assert_eq!(
        show(&render_markdown(text)),
        "<h1>Welcome!</h1><p>In case you encounter any issues, please refer to the GitHub \
         reposritory <a https://fusakla.github.io/x>https://fusakla.github.io/x</a></p>\
         <h3>Few advices:</h3><ul><li>The constant type variable <code>custom_label_name</code> \
         allows</li><li><strong>bold</strong> and <em>em</em> and <del>gone</del></li></ul>"
    );
}

#[test]
fn code_blocks_tables_and_ordered_lists() {
    let text =
        "```\nsum(rate(x[5m]))\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n3. three\n4. four\n";
    assert_eq!(
        show(&render_markdown(text)),
        "<pre><code>sum(rate(x[5m]))\n</code></pre>\
         <table><thead><tr><th>a</th><th>b</th></tr></thead><tr><td>1</td><td>2</td></tr></table>\
         <ol start=3><li>three</li><li>four</li></ol>"
    );
}

#[test]
fn raw_html_in_markdown_keeps_only_allowed_tags_and_no_script() {
    let text = "Hello <b onclick=\"alert(1)\">bold</b> <script>alert(2)</script> \
                <img src=x onerror=alert(3)>\n\n<script>\nalert(4)\n</script>\n\nafter";
    let shown = show(&render_markdown(text));
    assert!(!shown.contains("alert"), "{shown}");
    assert!(
        !shown.contains("onclick") && !shown.contains("onerror"),
        "{shown}"
    );
    assert!(shown.contains("<strong>bold</strong>"), "{shown}");
    assert!(shown.contains("after"), "{shown}");
}

#[test]
fn links_keep_only_safe_urls() {
    let text = "[ok](https://grafana.com) [rel](/d/abc?var-x=1) [bad](javascript:alert(1)) \
                [bad2](JAVASCRIPT:alert(1)) ![logo](data:image/png;base64,AAAA)";
    let nodes = render_markdown(text);
    assert_eq!(
        show(&nodes),
        "<p><a https://grafana.com>ok</a> <a /d/abc?var-x=1>rel</a> <a>bad</a> <a>bad2</a> \
         <img>logo</img></p>"
    );
}

#[test]
fn html_mode_of_a_real_dashboard_drops_styles_and_keeps_text() {
    // grafana/grafana's Prometheus 2.0 stats dashboard, its html text panel (shortened).
    let text = "<span style=\"font-family: 'Open Sans'; font-size: 25px;color: #bbbfc2;\">\
                Prometheus</span>\n\n<p style=\"margin-top: 10px;\">You're using Prometheus, an \
                open-source systems monitoring toolkit &amp; more.</p>";
    assert_eq!(
        show(&render_text(text, TextMode::Html)),
        "<span>Prometheus</span>\n\n<p>You're using Prometheus, an open-source systems \
         monitoring toolkit & more.</p>"
    );
    // FUSAKLA's Prometheus 2.0 dashboard: an image with a stray `/` among its attributes.
    let img = render_text(
        "<img src=\"https://cdn.worldvectorlogo.com/logos/prometheus.svg\"/ height=\"140px\">",
        TextMode::Html,
    );
    assert_eq!(
        show(&img),
        "<img https://cdn.worldvectorlogo.com/logos/prometheus.svg></img>"
    );
}

#[test]
fn hostile_html_is_inert() {
    let cases = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil/x.js></SCRIPT>",
        "<style>body{display:none}</style>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\" data:text/html,alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<!-- <script>alert(1)</script> -->",
        "<img src=x onerror=alert(1)//",
        "<<script>script>alert(1)<</script>/script>",
    ];
    for html in cases {
        let nodes = render_text(html, TextMode::Html);
        let shown = show(&nodes);
        assert!(
            !shown.contains("javascript") && !shown.contains("data:") && !shown.contains("on"),
            "{html:?} gave {shown:?}"
        );
    }
    // Text that looks like markup stays text, with its characters.
    assert_eq!(
        show(&render_text("a < b && c > d &lt;b&gt;", TextMode::Html)),
        "a < b && c > d <b>"
    );
}

#[test]
fn unbalanced_html_never_breaks_the_tree() {
    assert_eq!(
        show(&render_text("</p><b>one<i>two</b>three", TextMode::Html)),
        "<strong>one<em>two</em></strong>three"
    );
    assert_eq!(
        show(&render_text("<ol start=\"7\"><li>x", TextMode::Html)),
        "<ol start=7><li>x</li></ol>"
    );
}

#[test]
fn code_mode_shows_the_content_as_written() {
    assert_eq!(
        show(&render_text("<b>x</b>", TextMode::Code)),
        "<pre><code><b>x</b></code></pre>"
    );
    assert_eq!(TextMode::from_name("markdown"), TextMode::Markdown);
    assert_eq!(TextMode::from_name("html"), TextMode::Html);
    assert_eq!(TextMode::from_name("code"), TextMode::Code);
}
