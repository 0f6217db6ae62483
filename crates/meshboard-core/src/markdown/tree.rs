//! The safe element tree a text panel is drawn from, and the stack that builds it from open,
//! close and text events (markdown's and the HTML subset's alike).

use super::href::safe_url;

/// The only elements a text panel can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    P,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Blockquote,
    Pre,
    Code,
    Ul,
    Ol,
    Li,
    Table,
    Thead,
    Tbody,
    Tr,
    Th,
    Td,
    Em,
    Strong,
    Del,
    A,
    Img,
    Br,
    Hr,
    Span,
    Div,
    Small,
    Sub,
    Sup,
}

impl Tag {
    /// The element an HTML tag name stands for, when it is allowed (`b` and `i` are read as
    /// `strong` and `em`, `s`/`strike` as `del`).
    pub fn from_html_name(name: &str) -> Option<Tag> {
        let tag = match name {
            "p" => Tag::P,
            "h1" => Tag::H1,
            "h2" => Tag::H2,
            "h3" => Tag::H3,
            "h4" => Tag::H4,
            "h5" => Tag::H5,
            "h6" => Tag::H6,
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "code" => Tag::Code,
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "table" => Tag::Table,
            "thead" => Tag::Thead,
            "tbody" => Tag::Tbody,
            "tr" => Tag::Tr,
            "th" => Tag::Th,
            "td" => Tag::Td,
            "em" | "i" => Tag::Em,
            "strong" | "b" => Tag::Strong,
            "del" | "s" | "strike" => Tag::Del,
            "a" => Tag::A,
            "img" => Tag::Img,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "span" => Tag::Span,
            "div" | "center" => Tag::Div,
            "small" => Tag::Small,
            "sub" => Tag::Sub,
            "sup" => Tag::Sup,
            _ => return None,
        };
        Some(tag)
    }

    /// Elements without content or end tag.
    pub fn is_void(self) -> bool {
        matches!(self, Tag::Img | Tag::Br | Tag::Hr)
    }
}

/// One element and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub tag: Tag,
    /// `href` of a link or `src` of an image, only when [`safe_url`] allows it.
    pub url: Option<String>,
    /// The first number of an ordered list.
    pub start: Option<u64>,
    pub children: Vec<Node>,
    /// A second element opened inside this one and closed with it (`<pre><code>`).
    inner: Option<Tag>,
}

impl Element {
    pub fn new(tag: Tag) -> Element {
        Element {
            tag,
            url: None,
            start: None,
            children: Vec::new(),
            inner: None,
        }
    }

    /// Sets the link or image URL, dropped unless it is safe.
    pub fn with_url(mut self, url: &str) -> Element {
        self.url = safe_url(url);
        self
    }

    pub fn with_start(mut self, start: u64) -> Element {
        self.start = Some(start);
        self
    }

    pub fn with_children(mut self, children: Vec<Node>) -> Element {
        self.children = children;
        self
    }

    pub(super) fn with_inner(mut self, inner: Tag) -> Element {
        self.inner = Some(inner);
        self
    }

    /// The element's text, children included (an image's alt text, a heading's words).
    pub fn text(&self) -> String {
        let mut out = String::new();
        collect_text(&self.children, &mut out);
        out
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => collect_text(&element.children, out),
        }
    }
}

/// Text or an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(String),
    Element(Element),
}

impl Node {
    pub fn text(text: &str) -> Node {
        Node::Text(text.to_string())
    }
}

/// What is open on the builder's stack: an element, or a container that adds none.
#[derive(Debug)]
enum Open {
    Element(Element),
    Transparent(Vec<Node>),
}

/// Builds the tree from events; unbalanced input (an HTML end tag without its start) never
/// breaks it: unmatched ends are ignored and what is still open is closed at the end.
#[derive(Debug, Default)]
pub struct Builder {
    root: Vec<Node>,
    stack: Vec<Open>,
    /// The raw-text element (`script`, `style`, ...) whose content is being dropped, across
    /// the pieces markdown hands its raw HTML over in.
    pub(super) skipping: Option<String>,
}

impl Builder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.stack.last_mut() {
            Some(Open::Element(element)) => &mut element.children,
            Some(Open::Transparent(nodes)) => nodes,
            None => &mut self.root,
        }
    }

    /// Opens `element`; its children follow until it is closed (a markdown image's are its
    /// alt text, so even `Img` opens here: HTML's void tags go through [`Builder::void`]).
    pub fn open(&mut self, element: Element) {
        let inner = element.inner;
        self.stack.push(Open::Element(element));
        if let Some(inner) = inner {
            self.stack.push(Open::Element(Element::new(inner)));
        }
    }

    pub fn open_transparent(&mut self) {
        self.stack.push(Open::Transparent(Vec::new()));
    }

    /// A void element (or an image, whose alt text is its children).
    pub fn void(&mut self, element: Element) {
        self.children().push(Node::Element(element));
    }

    pub fn text(&mut self, text: &str) {
        if text.is_empty() || self.skipping.is_some() {
            return;
        }
        let children = self.children();
        if let Some(Node::Text(last)) = children.last_mut() {
            last.push_str(text);
        } else {
            children.push(Node::text(text));
        }
    }

    /// Closes what the last open event opened (markdown's ends always match).
    pub fn close_innermost(&mut self) {
        if let Some(Open::Element(Element { inner: Some(_), .. })) = self.stack.iter().rev().nth(1)
        {
            self.pop();
        }
        self.pop();
    }

    /// Closes the innermost open `tag` and everything opened inside it; ignored when no such
    /// element is open.
    pub fn close(&mut self, tag: Tag) {
        let Some(depth) = self
            .stack
            .iter()
            .rev()
            .position(|open| matches!(open, Open::Element(e) if e.tag == tag))
        else {
            return;
        };
        for _ in 0..=depth {
            self.pop();
        }
    }

    fn pop(&mut self) {
        match self.stack.pop() {
            Some(Open::Element(element)) => self.children().push(Node::Element(element)),
            Some(Open::Transparent(nodes)) => self.children().extend(nodes),
            None => {}
        }
    }

    pub fn finish(mut self) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.pop();
        }
        self.root
    }
}
