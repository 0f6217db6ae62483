//! Scrape targets: one registry per simulated node or service, with the target labels
//! (`job`, `instance`, role) Prometheus attaches to it and an up/down switch for incidents.

use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// One scrape target: what Prometheus sees as one `instance` of one `job`.
pub struct Target {
    /// Path segment under `/metrics/`, unique: `<job>/<host>`.
    pub name: String,
    /// `job_name` of the scrape config that lists this target.
    pub scrape_job: &'static str,
    /// The `job` label the series carry (a seed may relabel it away from `scrape_job`).
    pub job: &'static str,
    /// The `instance` label: `host:port` as in the seeds' deployments.
    pub instance: String,
    /// Further target labels set in `static_configs` (e.g. `role`).
    pub extra_labels: Vec<(&'static str, String)>,
    registry: Registry,
    up: AtomicBool,
}

impl Target {
    /// Renders the registry as OpenMetrics text (ends with `# EOF`).
    pub fn encode(&self) -> String {
        let mut text = String::with_capacity(8 * 1024);
        encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }

    /// Whether the target answers scrapes (false while a node-down incident holds it).
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Relaxed)
    }

    pub fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::Relaxed);
    }

    /// All labels Prometheus attaches to this target's series, `job` and `instance` first.
    pub fn target_labels(&self) -> Vec<(&'static str, String)> {
        let mut all = vec![
            ("job", self.job.to_string()),
            ("instance", self.instance.clone()),
        ];
        all.extend(self.extra_labels.iter().cloned());
        all
    }
}

/// Identifies a target inside a [`TargetSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetId(pub usize);

/// Collects targets while the simulated systems register their metrics.
#[derive(Default)]
pub struct TargetSetBuilder {
    targets: Vec<Target>,
}

impl TargetSetBuilder {
    /// Adds a target and hands back its registry so the caller can register metric families.
    pub fn add(
        &mut self,
        scrape_job: &'static str,
        job: &'static str,
        instance: String,
        extra_labels: Vec<(&'static str, String)>,
    ) -> (TargetId, &mut Registry) {
        let host = instance.split(':').next().unwrap_or(&instance).to_string();
        let target = Target {
            name: format!("{scrape_job}/{host}"),
            scrape_job,
            job,
            instance,
            extra_labels,
            registry: Registry::default(),
            up: AtomicBool::new(true),
        };
        self.targets.push(target);
        let id = TargetId(self.targets.len() - 1);
        (id, &mut self.targets[id.0].registry)
    }

    pub fn finish(self) -> Arc<TargetSet> {
        let by_name = self
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        Arc::new(TargetSet {
            targets: self.targets,
            by_name,
        })
    }
}

/// Every scrape target of the simulation, in registration order.
pub struct TargetSet {
    targets: Vec<Target>,
    by_name: HashMap<String, usize>,
}

impl TargetSet {
    pub fn get(&self, id: TargetId) -> &Target {
        &self.targets[id.0]
    }

    pub fn by_name(&self, name: &str) -> Option<&Target> {
        self.by_name.get(name).map(|&i| &self.targets[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter()
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }
}
