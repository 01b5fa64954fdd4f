/// Playback state of a replay, changed by keys and read by the player.
public struct ReplayControls: Sendable, Hashable {
    /// Events are played at `speed` times their recorded pace; `.infinity` is instant.
    public var speed: Double = 1
    public var paused = false
    /// Events applied so far and in the session.
    public var position = 0
    public var total = 0

    public init(speed: Double = 1, paused: Bool = false) {
        self.speed = speed
        self.paused = paused
    }

    /// The speeds `+` and `-` step through.
    public static let speeds: [Double] = [0.5, 1, 2, 5, 10, 20, 50, 100, .infinity]

    public mutating func faster() {
        speed = Self.speeds.first { $0 > speed } ?? .infinity
    }

    public mutating func slower() {
        speed = Self.speeds.last { $0 < speed } ?? Self.speeds[0]
    }

    public var speedLabel: String {
        if speed.isInfinite { return "instant" }
        return speed == speed.rounded() ? "\(Int(speed))x" : "\(speed)x"
    }
}
