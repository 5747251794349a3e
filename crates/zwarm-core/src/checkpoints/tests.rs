use std::io::Write;

use zwarm_llm::{Item, Provider};

use super::*;
use crate::store::Timestamp;
use crate::TokenUsage;

fn model() -> PilotModel {
    PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    }
}

fn turn(parent: Option<&str>, message: &str, reply: &str) -> Node {
    Node {
        id: uuid::Uuid::new_v4().to_string(),
        label: String::new(),
        parent: parent.map(str::to_string),
        kind: NodeKind::Turn,
        message: message.into(),
        reply: reply.into(),
        items: vec![
            Item::User {
                text: message.into(),
            },
            Item::Assistant { text: reply.into() },
        ],
        sessions: Vec::new(),
        pilot_usage: TokenUsage::default(),
        pilot_cost_usd: Some(0.01),
        executor_usage: TokenUsage::default(),
        executor_cost_usd: None,
        model: "gpt-5.5".into(),
        context_tokens: 0,
        stopped: false,
        interventions: Vec::new(),
        files_commit: None,
        started_at: Timestamp::now(),
        ended_at: Timestamp::now(),
    }
}

fn texts(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::User { text } | Item::Assistant { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn turns_chain_and_travelling_back_branches_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("refactor", model(), false).unwrap();
    assert_eq!(pilot.head, None);

    let t1 = store.append(&pilot.id, turn(None, "first", "one")).unwrap();
    let t2 = store
        .append(&pilot.id, turn(Some(&t1.id), "second", "two"))
        .unwrap();
    assert_eq!((t1.label.as_str(), t2.label.as_str()), ("T1", "T2"));
    assert_eq!(
        store.load(&pilot.id).unwrap().meta.head.as_deref(),
        Some(t2.id.as_str())
    );

    // The root keyword, in any case, goes back to the start.
    for root in ["root", "ROOT"] {
        assert_eq!(store.travel(&pilot.id, Some(root)).unwrap().head, None);
    }

    // Go back to T1 (by label) and send again: a branch beside T2.
    let meta = store.travel(&pilot.id, Some("t1")).unwrap();
    assert_eq!(meta.head.as_deref(), Some(t1.id.as_str()));
    let t3 = store
        .append(&pilot.id, turn(meta.head.as_deref(), "other", "three"))
        .unwrap();
    assert_eq!(t3.label, "T3");

    let loaded = store.load(&pilot.id).unwrap();
    assert_eq!(loaded.graph.len(), 3, "T2 is kept");
    assert_eq!(loaded.graph.children(&t1.id).len(), 2);
    let tips: Vec<&str> = loaded
        .graph
        .tips()
        .iter()
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(tips, ["T2", "T3"]);
    assert_eq!(
        texts(&loaded.graph.conversation_at(&t2.id)),
        ["first", "one", "second", "two"]
    );
    assert_eq!(
        texts(&loaded.graph.conversation_at(&t3.id)),
        ["first", "one", "other", "three"]
    );
    assert!(loaded.graph.is_ancestor(&t1.id, &t3.id));
    assert!(!loaded.graph.is_ancestor(&t2.id, &t3.id));
}

#[test]
fn a_cut_off_last_line_is_skipped_and_the_next_append_starts_a_fresh_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("", model(), false).unwrap();
    assert!(
        pilot.name.starts_with("pilot "),
        "a default name: {}",
        pilot.name
    );
    let t1 = store.append(&pilot.id, turn(None, "first", "one")).unwrap();
    let nodes = dir
        .path()
        .join("pilots")
        .join(&pilot.id)
        .join("nodes.jsonl");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&nodes)
        .unwrap()
        .write_all(b"{\"id\":\"half")
        .unwrap();

    let loaded = store.load(&pilot.id).unwrap();
    assert_eq!((loaded.graph.len(), loaded.skipped_lines), (1, 1));

    let t2 = store
        .append(&pilot.id, turn(Some(&t1.id), "second", "two"))
        .unwrap();
    let loaded = store.load(&pilot.id).unwrap();
    assert_eq!(loaded.graph.len(), 2);
    assert_eq!(loaded.graph.get(&t2.id).unwrap().label, "T2");
    assert_eq!(loaded.skipped_lines, 1);
}

#[test]
fn unknown_parents_and_nodes_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("p", model(), false).unwrap();
    let err = store
        .append(&pilot.id, turn(Some("nope"), "x", "y"))
        .unwrap_err();
    assert!(matches!(err, PilotStoreError::NoSuchNode { .. }), "{err}");
    let err = store.travel(&pilot.id, Some("T9")).unwrap_err();
    assert!(err.to_string().contains("has no node `T9`"), "{err}");
    assert!(matches!(
        store.load("../etc").unwrap_err(),
        PilotStoreError::InvalidId(_)
    ));
    assert!(matches!(
        store.resolve("zzz").unwrap_err(),
        PilotStoreError::NotFound(_)
    ));
}

#[test]
fn pilots_list_resolve_by_prefix_and_name_and_broken_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let a = store.create("alpha", model(), true).unwrap();
    let b = store.create("beta", model(), false).unwrap();
    assert_eq!(store.resolve("alpha").unwrap(), a.id);
    assert_eq!(store.resolve(&b.id[..6]).unwrap(), b.id);
    let broken = dir.path().join("pilots/broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("pilot.json"), b"{not json").unwrap();
    let (pilots, bad) = store.list().unwrap();
    assert_eq!(pilots.len(), 2);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(store.load(&a.id).unwrap().meta.track_files);

    // A run is stored like a pilot but is not one to chat with.
    let run = store.create("run", model(), false).unwrap();
    store
        .update(&run.id, |m, _| {
            m.run = Some(crate::orchestrate::RunState {
                task: "fix it".into(),
                status: crate::orchestrate::RunStatus::Finished,
                reason: None,
                max_steps: 10,
                budget_usd: None,
                shell: false,
                steps: 1,
            });
            Ok(())
        })
        .unwrap();
    assert_eq!(store.list().unwrap().0.len(), 3);
    let (pilots, bad) = store.list_pilots().unwrap();
    let mut names: Vec<&str> = pilots.iter().map(|p| p.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["alpha", "beta"]);
    assert_eq!(bad.len(), 1, "broken files are still reported");
}

#[test]
fn branch_names_are_kept_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("p", model(), false).unwrap();
    let t1 = store.append(&pilot.id, turn(None, "a", "b")).unwrap();
    let meta = store.name_branch(&pilot.id, "T1", " experiment ").unwrap();
    assert_eq!(
        meta.branch_names.get(&t1.id).map(String::as_str),
        Some("experiment")
    );
    let meta = store.name_branch(&pilot.id, &t1.id, "").unwrap();
    assert!(meta.branch_names.is_empty());
}

#[test]
fn concurrent_appends_get_distinct_labels() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("p", model(), false).unwrap();
    std::thread::scope(|s| {
        for i in 0..8 {
            let (store, id) = (store.clone(), pilot.id.clone());
            s.spawn(move || {
                store
                    .append(&id, turn(None, &format!("m{i}"), "r"))
                    .unwrap()
            });
        }
    });
    let loaded = store.load(&pilot.id).unwrap();
    let mut labels: Vec<&str> = loaded
        .graph
        .nodes()
        .iter()
        .map(|n| n.label.as_str())
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), 8);
}

#[test]
fn pilot_files_hold_no_api_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let pilot = store.create("p", model(), false).unwrap();
    let text =
        std::fs::read_to_string(dir.path().join("pilots").join(&pilot.id).join("pilot.json"))
            .unwrap();
    assert!(!text.to_lowercase().contains("key"), "{text}");
}
