package io.roomcast.bench;

/** What one server (Roomcast or Node, single or as a two-instance cluster) scored; null = not run. */
record ServerResults(String server, IdleScenario.Result idle, FanOutScenario.Result fanOut, ChurnScenario.Result churn,
                     FanOutScenario.Result crossInstance) {
}
