//! The text panel: markdown or Grafana's `html` mode, variables interpolated, drawn from
//! core's safe element tree ([`crate::core::markdown`]) as DOM nodes. Nothing from the
//! dashboard is ever set as `innerHTML`: text goes in as text nodes, and only the allowed
//! elements, with only safe link and image URLs, exist at all.

use super::chrome::PanelChrome;
use crate::core::load::DataState;
use crate::core::markdown::{render_text, Element, Node, Tag, TextMode};
use crate::core::variables::{interpolate_text, VariableScope};
use leptos::prelude::*;

#[component]
pub fn TextPanel(
    title: Signal<String>,
    description: Option<String>,
    content: String,
    mode: String,
    scope: Signal<VariableScope>,
) -> impl IntoView {
    let text_mode = TextMode::from_name(&mode);
    let nodes = Memo::new(move |_| {
        let text = scope.with(|s| interpolate_text(&content, s));
        render_text(&text, text_mode)
    });
    view! {
        <PanelChrome title description status=DataState::Ok class="panel-text">
            <div class="text-panel-body" data-mode=mode data-testid="text-panel-body">
                {move || nodes.with(|nodes| render_nodes(nodes))}
            </div>
        </PanelChrome>
    }
}

fn render_nodes(nodes: &[Node]) -> Vec<AnyView> {
    nodes.iter().map(render_node).collect()
}

fn render_node(node: &Node) -> AnyView {
    match node {
        Node::Text(text) => text.clone().into_any(),
        Node::Element(element) => render_element(element),
    }
}

/// One allowed element. Links open in a new tab without handing it this page (`noopener`),
/// as Grafana's text panel does for external links; an image on another origin is shown as a
/// link to it, since the page's content security policy only loads images from its own.
fn render_element(e: &Element) -> AnyView {
    let children = render_nodes(&e.children);
    match e.tag {
        Tag::P => view! { <p>{children}</p> }.into_any(),
        Tag::H1 => view! { <h1>{children}</h1> }.into_any(),
        Tag::H2 => view! { <h2>{children}</h2> }.into_any(),
        Tag::H3 => view! { <h3>{children}</h3> }.into_any(),
        Tag::H4 => view! { <h4>{children}</h4> }.into_any(),
        Tag::H5 => view! { <h5>{children}</h5> }.into_any(),
        Tag::H6 => view! { <h6>{children}</h6> }.into_any(),
        Tag::Blockquote => view! { <blockquote>{children}</blockquote> }.into_any(),
        Tag::Pre => view! { <pre>{children}</pre> }.into_any(),
        Tag::Code => view! { <code>{children}</code> }.into_any(),
        Tag::Ul => view! { <ul>{children}</ul> }.into_any(),
        Tag::Ol => view! { <ol start=e.start.map(|s| s.to_string())>{children}</ol> }.into_any(),
        Tag::Li => view! { <li>{children}</li> }.into_any(),
        Tag::Table => view! { <table>{children}</table> }.into_any(),
        Tag::Thead => view! { <thead>{children}</thead> }.into_any(),
        Tag::Tbody => view! { <tbody>{children}</tbody> }.into_any(),
        Tag::Tr => view! { <tr>{children}</tr> }.into_any(),
        Tag::Th => view! { <th>{children}</th> }.into_any(),
        Tag::Td => view! { <td>{children}</td> }.into_any(),
        Tag::Em => view! { <em>{children}</em> }.into_any(),
        Tag::Strong => view! { <strong>{children}</strong> }.into_any(),
        Tag::Del => view! { <del>{children}</del> }.into_any(),
        Tag::Span => view! { <span>{children}</span> }.into_any(),
        Tag::Div => view! { <div>{children}</div> }.into_any(),
        Tag::Small => view! { <small>{children}</small> }.into_any(),
        Tag::Sub => view! { <sub>{children}</sub> }.into_any(),
        Tag::Sup => view! { <sup>{children}</sup> }.into_any(),
        Tag::Br => view! { <br /> }.into_any(),
        Tag::Hr => view! { <hr /> }.into_any(),
        Tag::A => match e.url.clone() {
            Some(href) => {
                view! { <a href=href target="_blank" rel="noopener noreferrer">{children}</a> }
                    .into_any()
            }
            // A refused URL leaves its text, not a link that goes nowhere.
            None => view! { <span class="text-link-refused">{children}</span> }.into_any(),
        },
        Tag::Img => render_image(e),
    }
}

fn render_image(e: &Element) -> AnyView {
    let alt = e.text();
    match e.url.clone() {
        Some(src) if !is_absolute(&src) => view! { <img src=src alt=alt /> }.into_any(),
        Some(href) => {
            let label = if alt.is_empty() { href.clone() } else { alt };
            view! {
                <a href=href target="_blank" rel="noopener noreferrer" class="text-image-link">
                    {format!("image: {label}")}
                </a>
            }
            .into_any()
        }
        None => view! { <span class="text-link-refused">{alt}</span> }.into_any(),
    }
}

/// An URL with a scheme or protocol-relative (`//host/...`): not on the page's own origin.
fn is_absolute(url: &str) -> bool {
    url.starts_with("//") || url.contains("://") || url.starts_with("mailto:")
}
