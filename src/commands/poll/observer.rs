//! What `pollctl poll` prints on stderr while it runs: progress bars (only on a terminal),
//! one summary line per cycle, failures, the next cycle's time between cycles (on a
//! terminal), and a closing summary when the loop stops.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::output::Ui;
use crate::poll::PollError;
use crate::poll::classify::EventType;
use crate::poll::cycle::CycleReport;
use crate::poll::runner::{Observer, RunSummary};

/// Progress (indicatif, only on a terminal) and summary lines on stderr.
pub(super) struct CommandObserver<'u> {
    ui: &'u Ui,
    dry_run: bool,
    target: String,
    progress: Option<indicatif::MultiProgress>,
    pub(super) report_failures: bool,
    totals: Totals,
    on_terminal: bool,
    bars: Mutex<HashMap<String, indicatif::ProgressBar>>,
}

impl<'u> CommandObserver<'u> {
    pub(super) fn new(ui: &'u Ui, dry_run: bool, target: String) -> CommandObserver<'u> {
        let progress = (!ui.quiet && !ui.json && std::io::stderr().is_terminal())
            .then(indicatif::MultiProgress::new);
        CommandObserver {
            ui,
            dry_run,
            target,
            progress,
            report_failures: true,
            totals: Totals::default(),
            on_terminal: std::io::stderr().is_terminal(),
            bars: Mutex::new(HashMap::new()),
        }
    }

    fn say(&self, f: impl FnOnce()) {
        match &self.progress {
            Some(mp) => mp.suspend(f),
            None => f(),
        }
    }

    fn error(&self, e: &PollError) {
        self.say(|| self.ui.error(e));
    }

    /// `--once` with several failures: the worst is printed by `main` with the totals; print
    /// the others here.
    pub(super) fn report_others(&self, summary: &RunSummary) {
        if summary.outcomes.len() <= 1 || summary.failed() == 0 {
            return;
        }
        let worst_code = summary.worst().map(PollError::exit_code);
        let mut skipped = false;
        for o in &summary.outcomes {
            if let Err(e) = &o.result {
                if !skipped && Some(e.exit_code()) == worst_code {
                    skipped = true;
                    continue;
                }
                self.error(e);
            }
        }
    }

    /// The loop stopped: what it did, in one line.
    pub(super) fn closing_summary(&self) {
        if self.ui.quiet {
            return;
        }
        let t = &self.totals;
        let n = |c: &AtomicU64| c.load(Ordering::Relaxed);
        self.say(|| {
            self.ui.note(&format!(
                "stopped after {} cycle(s): {} event(s), {} delivered to {}, {} failed cycle(s)",
                n(&t.cycles) + n(&t.failures),
                n(&t.events),
                n(&t.delivered),
                self.target,
                n(&t.failures)
            ))
        });
    }

    fn finish_bar(&self, label: &str) {
        if let Ok(mut bars) = self.bars.lock()
            && let Some(b) = bars.remove(label)
        {
            b.finish_and_clear();
        }
    }
}

impl Observer for CommandObserver<'_> {
    fn fetching(&self, label: &str, url: &str) {
        if self.dry_run {
            self.say(|| self.ui.note(&format!("dry run: {label}: GET {url}")));
        } else {
            tracing::debug!("{label}: GET {url}");
        }
    }

    fn page(&self, label: &str, pages: u64, records: u64) {
        let Some(mp) = &self.progress else { return };
        let Ok(mut bars) = self.bars.lock() else {
            return;
        };
        let bar = bars.entry(label.to_string()).or_insert_with(|| {
            let b = mp.add(indicatif::ProgressBar::new_spinner());
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        bar.set_message(format!("{label}: {pages} page(s), {records} record(s)"));
    }

    fn cycle(&self, r: &CycleReport) {
        self.finish_bar(&r.label);
        self.totals.cycles.fetch_add(1, Ordering::Relaxed);
        self.totals
            .events
            .fetch_add(r.total_events(), Ordering::Relaxed);
        self.totals
            .delivered
            .fetch_add(r.delivered, Ordering::Relaxed);
        if self.ui.quiet {
            return;
        }
        let by_type: Vec<String> = EventType::ALL
            .iter()
            .filter(|t| r.count(**t) > 0)
            .map(|t| format!("{} {}", t.as_str(), r.count(*t)))
            .collect();
        let types = if by_type.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_type.join(", "))
        };
        let mut line = format!(
            "{}: {} page(s), {} record(s), {} event(s){types}, {} delivered to {}",
            r.label,
            r.pages,
            r.records,
            r.total_events(),
            r.delivered,
            self.target
        );
        if r.duplicates > 0 {
            line.push_str(&format!(", {} already emitted", r.duplicates));
        }
        if r.old > 0 {
            line.push_str(&format!(", {} old (before the window)", r.old));
        }
        if r.future > 0 {
            line.push_str(&format!(
                ", {} after the window end (filterByCurrentDate; a later cycle reads them)",
                r.future
            ));
        }
        if r.set_aside > 0 {
            line.push_str(&format!(
                ", {} set aside (unparseable date; `pollctl set-aside list`)",
                r.set_aside
            ));
        }
        line.push_str(&format!(", {:.2}s", r.elapsed.as_secs_f64()));
        if !r.committed {
            line.push_str(" (dry run: state not written)");
        }
        self.say(|| self.ui.note(&line));
    }

    fn skipped(&self, label: &str, owner: Option<&str>) {
        self.finish_bar(label);
        if self.ui.quiet {
            return;
        }
        let who = owner.map(|o| format!(" ({o})")).unwrap_or_default();
        let line = format!(
            "{label}: skipped: another worker{who} holds its lease and polls it (PostgreSQL state)"
        );
        self.say(|| self.ui.note(&line));
    }

    fn failed(&self, label: &str, e: &PollError) {
        self.finish_bar(label);
        self.totals.failures.fetch_add(1, Ordering::Relaxed);
        if self.report_failures {
            self.error(e);
        }
    }

    fn idle(&self, label: &str, next: Duration) {
        if self.ui.quiet || !self.on_terminal {
            return;
        }
        let at = chrono::Local::now()
            + chrono::Duration::from_std(next).unwrap_or(chrono::Duration::zero());
        self.say(|| {
            self.ui
                .note(&format!("{label}: next cycle at {}", at.format("%H:%M:%S")))
        });
    }
}

/// Counts for the closing summary.
#[derive(Default)]
struct Totals {
    cycles: AtomicU64,
    failures: AtomicU64,
    events: AtomicU64,
    delivered: AtomicU64,
}
