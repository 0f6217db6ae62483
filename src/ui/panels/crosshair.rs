//! The shared crosshair of a dashboard (Grafana's `graphTooltip` > 0): the time under the
//! pointer in any chart, drawn as a line on every other chart's overlay; with `graphTooltip:
//! 2` ("shared tooltip", Grafana's `DashboardCursorSync.Tooltip`) the other charts in view
//! also show their tooltip at that time ([`SharedCrosshair::tooltips_shared`]).
//!
//! The charts do not each subscribe to the time (on a 100-panel dashboard that re-ran 100
//! effects per pointer move): they register a follower, and one animation-frame callback per
//! frame hands the latest time to them all. A follower out of view returns at once; none of
//! them touches its data canvas.

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

type Follower = Rc<dyn Fn(Option<f64>)>;

/// The charts following the crosshair, and whether a frame is already asked for.
#[derive(Default)]
struct Followers {
    next_id: u64,
    list: Vec<(u64, Follower)>,
    frame_pending: bool,
}

/// Provided by the dashboard page. `.0` holds the hovered time (`None` when no chart is
/// hovered): write it to move the crosshair. `.2` is whether the dashboard's `graphTooltip`
/// shares it now (settings can switch it while the charts stay): off, followers see `None`.
/// `.3` is whether the tooltips are shared too (`graphTooltip: 2`).
#[derive(Clone, Copy)]
pub struct SharedCrosshair(
    pub RwSignal<Option<f64>>,
    StoredValue<Rc<RefCell<Followers>>, LocalStorage>,
    Signal<bool>,
    StoredValue<bool>,
);

impl SharedCrosshair {
    /// Provides a fresh shared crosshair to the components below, drawn while `on` is true.
    pub fn provide(on: Signal<bool>) -> SharedCrosshair {
        let shared = SharedCrosshair(
            RwSignal::new(None),
            StoredValue::new_local(Rc::default()),
            on,
            StoredValue::new(false),
        );
        // The one subscriber of the time: a frame draws it on every follower.
        // Switched off, one last frame clears the lines; while off, hovers cost nothing.
        Effect::new(move |was_on: Option<bool>| {
            shared.0.track();
            let on = shared.2.get();
            if on || was_on == Some(true) {
                shared.schedule_frame();
            }
            on
        });
        provide_context(shared);
        shared
    }

    /// `graphTooltip: 2`: the other charts show their tooltip at the shared time as well.
    /// Read by the followers on the next frame, so no chart re-renders when it changes.
    pub fn share_tooltips(self, shared: bool) -> Self {
        self.3.set_value(shared);
        self
    }

    /// Whether the charts following the crosshair show their tooltip too.
    pub fn tooltips_shared(&self) -> bool {
        self.2.try_get_untracked().unwrap_or(false) && self.3.try_get_value().unwrap_or(false)
    }

    /// Calls `follow` with the latest time once per animation frame in which it changed,
    /// until the calling component is cleaned up.
    pub fn follow(&self, follow: impl Fn(Option<f64>) + 'static) {
        let Some(followers) = self.1.try_get_value() else {
            return;
        };
        let id = {
            let mut f = followers.borrow_mut();
            f.next_id += 1;
            let id = f.next_id;
            f.list.push((id, Rc::new(follow)));
            id
        };
        let store = self.1;
        on_cleanup(move || {
            if let Some(followers) = store.try_get_value() {
                followers.borrow_mut().list.retain(|(i, _)| *i != id);
            }
        });
    }

    /// Asks for one animation frame (if none is pending) that draws the time then current.
    fn schedule_frame(&self) {
        let Some(followers) = self.1.try_get_value() else {
            return;
        };
        if std::mem::replace(&mut followers.borrow_mut().frame_pending, true) {
            return;
        }
        let (time, on) = (self.0, self.2);
        request_animation_frame(move || {
            // Cloned out first: a follower may register or leave while drawing.
            let list: Vec<Follower> = {
                let mut f = followers.borrow_mut();
                f.frame_pending = false;
                f.list.iter().map(|(_, follow)| follow.clone()).collect()
            };
            let Some(t) = time.try_get_untracked() else {
                return;
            };
            let t = t.filter(|_| on.try_get_untracked().unwrap_or(false));
            for follow in list {
                follow(t);
            }
        });
    }
}

/// The shared crosshair, if the page provides one.
pub fn use_shared_crosshair() -> Option<SharedCrosshair> {
    use_context::<SharedCrosshair>()
}
