package io.roomcast.bench;

/** What one server (Roomcast or Node, single or as a two-instance cluster) scored; null = not run. */
record ServerResults(String server, IdleScenario.Result idle, FanOutScenario.Result fanOut, ChurnScenario.Result churn,
                     FanOutScenario.Result crossInstance, MassJoinScenario.Result massJoin) {

  ServerResults(String server, IdleScenario.Result idle, FanOutScenario.Result fanOut, ChurnScenario.Result churn,
                FanOutScenario.Result crossInstance) {
    this(server, idle, fanOut, churn, crossInstance, null);
  }

  static ServerResults none(String server) {
    return new ServerResults(server, null, null, null, null, null);
  }

  ServerResults withCross(FanOutScenario.Result cross) {
    return new ServerResults(server, idle, fanOut, churn, cross, massJoin);
  }

  ServerResults withMassJoin(MassJoinScenario.Result result) {
    return new ServerResults(server, idle, fanOut, churn, crossInstance, result);
  }
}
