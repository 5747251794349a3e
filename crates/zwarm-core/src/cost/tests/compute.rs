use super::{assert_close, usage};
use crate::cost::{
    cost_of, per_turn, per_turn_reported_cost, per_turn_usage, turn_cost, Cost, CostSource,
    PriceTable, UsageScope,
};

fn table() -> PriceTable {
    match PriceTable::embedded() {
        Ok(table) => table,
        Err(e) => panic!("built-in price table does not load: {e}"),
    }
}

/// Codex `turn.completed.usage` after turn 1 and turn 2 of one thread (cumulative).
fn codex_cumulative() -> (crate::TokenUsage, crate::TokenUsage) {
    (usage(19435, 9629, 0, 29, 6), usage(39457, 29358, 0, 58, 12))
}

#[test]
fn codex_turn1_on_gpt_5_5_by_hand() {
    // gpt-5.5: input 1.25, cached 0.125, output 10 USD per million tokens.
    //   uncached input = 19435 - 9629 = 9806  ->  9806 * 1.25  = 12257.5
    //   cached input   = 9629                 ->  9629 * 0.125 =  1203.625
    //   output         = 29 (6 reasoning in)  ->    29 * 10    =   290
    //   total = 13751.125 / 1e6 = 0.013751125 USD
    let (turn1, _) = codex_cumulative();
    let Cost::Priced {
        usd,
        model_entry,
        breakdown,
        ..
    } = cost_of(&table(), "gpt-5.5", &turn1)
    else {
        panic!("gpt-5.5 must be priced");
    };
    assert_eq!(model_entry, "gpt-5.5");
    assert_close(breakdown.input, 0.0122575);
    assert_close(breakdown.cached_input, 0.001203625);
    assert_close(breakdown.cache_write, 0.0);
    assert_close(breakdown.output, 0.00029);
    assert_close(usd, 0.013751125);
}

#[test]
fn codex_turn2_is_priced_on_the_difference_of_cumulative_usage() {
    // Per turn: input 39457-19435 = 20022, cached 29358-9629 = 19729,
    // output 58-29 = 29 (reasoning 12-6 = 6).
    //   uncached 20022-19729 = 293 -> 293 * 1.25    =  366.25
    //   cached   19729            -> 19729 * 0.125  = 2466.125
    //   output   29               -> 29 * 10        =  290
    //   total = 3122.375 / 1e6 = 0.003122375 USD
    let (turn1, after_turn2) = codex_cumulative();
    let turn2 = per_turn_usage(UsageScope::Cumulative, Some(&turn1), &after_turn2);
    assert_eq!(turn2, usage(20022, 19729, 0, 29, 6));
    assert_eq!(
        per_turn(None, &turn1),
        turn1,
        "the first turn is its own snapshot"
    );
    let cost = turn_cost(&table(), "gpt-5.5", &turn2, None);
    assert_eq!(cost.source, CostSource::PriceTable);
    assert_close(cost.cost_usd.expect("priced"), 0.003122375);
    assert_eq!(cost.cost_usd, cost.our_estimate);
}

#[test]
fn cached_tokens_are_priced_once_at_the_cached_rate() {
    // 1000 prompt tokens, all cache reads: 1000 * 0.125 / 1e6. Billing them also
    // at the input rate (input_tokens * 1.25) would give 0.001375.
    let all_cached = usage(1000, 1000, 0, 0, 0);
    assert_close(
        cost_of(&table(), "gpt-5.5", &all_cached)
            .usd()
            .expect("priced"),
        0.000125,
    );
    // Claude cache writes: 1000 written + 1000 read + 1000 plain on claude-sonnet-4
    // = 1000 * (3.75 + 0.3 + 3) / 1e6 = 0.00705.
    let claude = usage(3000, 1000, 1000, 0, 0);
    assert_close(
        cost_of(&table(), "claude-sonnet-4-5", &claude)
            .usd()
            .expect("priced"),
        0.00705,
    );
}

#[test]
fn reasoning_tokens_are_not_billed_on_top_of_output() {
    let with_reasoning = usage(0, 0, 0, 100, 80);
    let without = usage(0, 0, 0, 100, 0);
    let t = table();
    assert_eq!(
        cost_of(&t, "gpt-5", &with_reasoning),
        cost_of(&t, "gpt-5", &without)
    );
    assert_close(
        cost_of(&t, "gpt-5", &with_reasoning).usd().expect("priced"),
        0.001,
    );
}

/// Claude `result.usage` of each run converted to the OpenAI convention:
/// input = input_tokens + cache_read + cache_creation.
fn claude_runs() -> (crate::TokenUsage, crate::TokenUsage) {
    (
        usage(6325 + 18973, 18973, 0, 40, 0),
        usage(6414 + 19237, 19237, 0, 40, 0),
    )
}

#[test]
fn claude_turn1_prefers_the_reported_cost_and_keeps_our_estimate() {
    // Our estimate on claude-opus-5 prices (5 / 0.5 / 25):
    //   6325 * 5 + 18973 * 0.5 + 40 * 25 = 31625 + 9486.5 + 1000 = 42111.5 -> 0.0421115
    let (run1, _) = claude_runs();
    let reported = per_turn_reported_cost(None, 0.0298946);
    let cost = turn_cost(&table(), "claude-opus-5-5", &run1, reported);
    assert_eq!(cost.source, CostSource::Reported);
    assert_close(cost.cost_usd.expect("reported"), 0.0298946);
    assert_close(cost.our_estimate.expect("estimated"), 0.0421115);
}

#[test]
fn claude_turn2_reported_cost_is_the_difference_of_session_totals() {
    // total_cost_usd 0.060198 after turn 2, 0.0298946 after turn 1:
    // 0.060198 - 0.0298946 = 0.0303034, which is also the fixture's
    // model_usage_since_last_result costUSD for turn 2.
    let (_, run2) = claude_runs();
    let reported = per_turn_reported_cost(Some(0.0298946), 0.060198);
    assert_close(reported.expect("usable"), 0.0303034);
    // result.usage counts this run only: it is the turn's usage, not differenced.
    let (run1, _) = claude_runs();
    assert_eq!(
        per_turn_usage(UsageScope::ThisRun, Some(&run1), &run2),
        run2
    );
    let cost = turn_cost(&table(), "claude-opus-5-5", &run2, reported);
    assert_eq!(cost.source, CostSource::Reported);
    assert_close(cost.cost_usd.expect("reported"), 0.0303034);
}

#[test]
fn reported_cost_deltas_are_floored_and_bad_figures_ignored() {
    assert_eq!(per_turn_reported_cost(Some(0.5), 0.25), Some(0.0));
    assert_eq!(per_turn_reported_cost(Some(0.1), f64::NAN), None);
    assert_eq!(per_turn_reported_cost(Some(0.1), -1.0), None);
    let (run1, _) = claude_runs();
    let cost = turn_cost(&table(), "claude-opus-5-5", &run1, Some(f64::NAN));
    assert_eq!(cost.source, CostSource::PriceTable);
    assert_eq!(cost.cost_usd, cost.our_estimate);
}

#[test]
fn unknown_model_is_unpriced_never_zero() {
    let (turn1, _) = codex_cumulative();
    assert_eq!(
        cost_of(&table(), "mystery-model", &turn1),
        Cost::Unpriced {
            model: "mystery-model".into()
        }
    );
    let cost = turn_cost(&table(), "mystery-model", &turn1, None);
    assert_eq!(
        (cost.cost_usd, cost.source, cost.our_estimate),
        (None, CostSource::Unpriced, None)
    );
    let reported = turn_cost(&table(), "mystery-model", &turn1, Some(0.02));
    assert_eq!(
        (reported.cost_usd, reported.source, reported.our_estimate),
        (Some(0.02), CostSource::Reported, None)
    );
}

#[test]
fn ui_types_serialize_in_snake_case() {
    let (turn1, _) = codex_cumulative();
    let json = serde_json::to_value(cost_of(&table(), "gpt-5.5", &turn1)).expect("serializes");
    assert_eq!(json["kind"], "priced");
    assert_eq!(json["model_entry"], "gpt-5.5");
    assert!(json["breakdown"]["cached_input"].is_number());
    let turn = serde_json::to_value(turn_cost(&table(), "x", &turn1, None)).expect("serializes");
    assert_eq!(turn["source"], "unpriced");
    let priced =
        serde_json::to_value(turn_cost(&table(), "gpt-5", &turn1, None)).expect("serializes");
    assert_eq!(priced["source"], "price_table");
}
