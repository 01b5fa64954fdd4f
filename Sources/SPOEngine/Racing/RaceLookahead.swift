import Foundation
import SPOCore

/// What a race round may ask ahead: for each race with a round after this one,
/// its entrants' answers so far and the next round's examples of each racer.
///
/// Built on the engine at the start of a round; used off it by the slots that
/// run out of work, with the answers the round has got by then.
struct RaceLookahead: Sendable {
    /// One example of the next round, with everything needed to ask it.
    struct Request: Sendable {
        var key: ScoreKey
        var index: Int
        var task: SPOTask
        var system: String
        var user: String
        var example: Example
    }

    /// An entrant of one race: answers known when the round started, and where
    /// the round's own answers for the rest will be.
    struct Entrant: Sendable {
        var id: String
        var role: RacePolicy.Entrant.Role
        var ordinal: Int
        var values: [Double?]
        var formatErrors: Int
        /// Positions in `values` still to come, with the example they are.
        var pending: [(position: Int, key: ScoreKey, index: Int)]
    }

    struct Race: Sendable {
        var keep: Int
        var halvingFloor: Int?
        var entrants: [Entrant]
        /// Per racer, its next round's examples not asked yet, node by node.
        var next: [String: [Request]]
    }

    var policy: RacePolicy
    var races: [Race]

    /// The next round's examples of every racer sure to survive this round,
    /// given the answers in so far (`answer` returns nil for one still to come).
    func requests(answer: (ScoreKey, Int) -> ScoredItem?) -> [Request] {
        var out: [Request] = []
        for race in races {
            let partial = race.entrants.map { e in
                var p = RacePolicy.PartialEntrant(id: e.id, values: e.values, formatErrors: e.formatErrors, ordinal: e.ordinal, role: e.role)
                for slot in e.pending {
                    guard let item = answer(slot.key, slot.index) else { continue }
                    p.values[slot.position] = item.value
                    if item.prediction.isFormatError { p.formatErrors += 1 }
                }
                return p
            }
            for id in policy.sureSurvivors(partial, keep: race.keep, halvingFloor: race.halvingFloor) {
                out += race.next[id] ?? []
            }
        }
        return out
    }
}
