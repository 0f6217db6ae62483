//! Text panels: markdown (CommonMark with tables and strikethrough, read by pulldown-cmark)
//! and Grafana's `html` mode, both turned into a small tree of allowed elements that the UI
//! builds as DOM nodes. Nothing is ever inserted as markup: raw HTML, in either mode, only
//! survives as the allowed tags of [`Tag`] with their text; scripts, styles, event handlers,
//! inline styles and every other attribute are dropped, and a link or image keeps its URL only
//! when it is http(s) or relative ([`safe_url`]). Grafana sanitises its text panel the same
//! way (it runs the rendered HTML through its `sanitize`, keeping a safe subset).

mod href;
mod html;
mod tree;

pub use href::safe_url;
pub use tree::{Element, Node, Tag};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag as MdTag, TagEnd};
use tree::Builder;

/// The text panel's `mode` as Grafana writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    Markdown,
    Html,
    /// `code` (Grafana 9+) and anything unknown: shown as written, in a code block.
    Code,
}

impl TextMode {
    pub fn from_name(name: &str) -> TextMode {
        match name {
            "markdown" | "" => TextMode::Markdown,
            "html" => TextMode::Html,
            _ => TextMode::Code,
        }
    }
}

/// The safe element tree of a text panel's content (variables already interpolated).
pub fn render_text(content: &str, mode: TextMode) -> Vec<Node> {
    match mode {
        TextMode::Markdown => render_markdown(content),
        TextMode::Html => html::render_html(content),
        TextMode::Code => vec![Node::Element(Element::new(Tag::Pre).with_children(vec![
            Node::Element(Element::new(Tag::Code).with_children(vec![Node::text(content)])),
        ]))],
    }
}

/// CommonMark (with GitHub's tables and strikethrough) as a safe element tree. Raw HTML in the
/// markdown goes through the same allow-list as the `html` mode, tag by tag.
pub fn render_markdown(text: &str) -> Vec<Node> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::default();
    let mut in_table_head = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                if matches!(tag, MdTag::TableHead) {
                    in_table_head = true;
                }
                match markdown_element(tag, in_table_head) {
                    Some(element) => builder.open(element),
                    None => builder.open_transparent(),
                }
            }
            Event::End(end) => {
                if matches!(end, TagEnd::TableHead) {
                    in_table_head = false;
                }
                builder.close_innermost();
            }
            Event::Text(text) => builder.text(&text),
            Event::Code(code) => {
                builder.open(Element::new(Tag::Code));
                builder.text(&code);
                builder.close_innermost();
            }
            Event::Html(raw) | Event::InlineHtml(raw) => html::feed(&mut builder, &raw),
            Event::SoftBreak => builder.text("\n"),
            Event::HardBreak => builder.void(Element::new(Tag::Br)),
            Event::Rule => builder.void(Element::new(Tag::Hr)),
            Event::TaskListMarker(done) => builder.text(if done { "☑ " } else { "☐ " }),
            Event::FootnoteReference(name) => builder.text(&format!("[{name}]")),
            Event::InlineMath(math) | Event::DisplayMath(math) => builder.text(&math),
        }
    }
    builder.finish()
}

/// The element a markdown start tag opens; `None` for containers that add no element of
/// their own (footnote definitions, metadata blocks) but are still closed by their end.
fn markdown_element(tag: MdTag, in_table_head: bool) -> Option<Element> {
    let element = match tag {
        MdTag::Paragraph => Element::new(Tag::P),
        MdTag::Heading { level, .. } => Element::new(match level {
            HeadingLevel::H1 => Tag::H1,
            HeadingLevel::H2 => Tag::H2,
            HeadingLevel::H3 => Tag::H3,
            HeadingLevel::H4 => Tag::H4,
            HeadingLevel::H5 => Tag::H5,
            HeadingLevel::H6 => Tag::H6,
        }),
        MdTag::BlockQuote(_) => Element::new(Tag::Blockquote),
        MdTag::CodeBlock(_) => {
            // `<pre><code>`: the builder closes both at the block's end.
            return Some(Element::new(Tag::Pre).with_inner(Tag::Code));
        }
        MdTag::List(Some(start)) => Element::new(Tag::Ol).with_start(start),
        MdTag::List(None) => Element::new(Tag::Ul),
        MdTag::Item => Element::new(Tag::Li),
        MdTag::Table(_) => Element::new(Tag::Table),
        // pulldown-cmark puts the head's cells straight in the head: give them their row.
        MdTag::TableHead => return Some(Element::new(Tag::Thead).with_inner(Tag::Tr)),
        MdTag::TableRow => Element::new(Tag::Tr),
        MdTag::TableCell if in_table_head => Element::new(Tag::Th),
        MdTag::TableCell => Element::new(Tag::Td),
        MdTag::Emphasis => Element::new(Tag::Em),
        MdTag::Strong => Element::new(Tag::Strong),
        MdTag::Strikethrough => Element::new(Tag::Del),
        MdTag::Link { dest_url, .. } => Element::new(Tag::A).with_url(&dest_url),
        MdTag::Image { dest_url, .. } => Element::new(Tag::Img).with_url(&dest_url),
        _ => return None,
    };
    Some(element)
}

#[cfg(test)]
mod tests;
