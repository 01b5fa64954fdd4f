/// Whether the dashboard watches a live engine (keys can steer it) or replays
/// a saved session (keys steer the playback).
public enum DashboardMode: String, Sendable, Hashable {
    case live
    case replay
}
