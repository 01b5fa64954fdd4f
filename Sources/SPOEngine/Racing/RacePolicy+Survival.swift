import Foundation

/// Which racers survive a round whatever its missing answers turn out to be:
/// their next round's examples are sure to be asked, so idle slots may ask
/// them while the round's last answers are still coming in.
extension RacePolicy {
    /// An entrant part of whose answers on the round's subsample are not in yet.
    public struct PartialEntrant: Sendable, Hashable {
        public var id: String
        /// 0…1 per example in subsample order; nil: not answered yet.
        public var values: [Double?]
        /// Format errors among the answers that are in.
        public var formatErrors: Int
        public var ordinal: Int
        public var role: Entrant.Role

        public init(id: String, values: [Double?], formatErrors: Int, ordinal: Int, role: Entrant.Role) {
            self.id = id
            self.values = values
            self.formatErrors = formatErrors
            self.ordinal = ordinal
            self.role = role
        }

        /// Every missing answer set to `value`, and counted as a format error
        /// when `asFormatErrors` (the worst a missing answer can be).
        func filled(_ value: Double, asFormatErrors: Bool) -> Entrant {
            let missing = values.count { $0 == nil }
            return Entrant(
                id: id, values: values.map { $0 ?? value }, formatErrors: formatErrors + (asFormatErrors ? missing : 0),
                ordinal: ordinal, role: role)
        }
    }

    /// The racers that `drops` keeps whatever the missing answers are.
    ///
    /// For each racer, its missing answers are taken as wrong (and format
    /// errors) and everyone else's as right. It is sure to survive when then
    /// no other entrant is clearly better than it (so no bound can drop it,
    /// whichever entrant holds the last place), and, when halving, the pinned
    /// racers and the racers ranked above it leave it a place (as if none of
    /// them were dropped on the bound). Both only get worse for a racer as its
    /// answers get worse and the others' better, so for right/wrong answers the
    /// guess is never wrong; with partial credit it is a close one, and a wrong
    /// guess costs only the calls asked ahead, never a different race.
    public func sureSurvivors(_ entrants: [PartialEntrant], keep: Int, halvingFloor: Int?) -> [String] {
        let racing = entrants.count { $0.role != .incumbent }
        let pinned = entrants.count { $0.role == .protected }
        return entrants.compactMap { e in
            switch e.role {
            case .incumbent: return nil
            case .protected: return e.id
            case .candidate:
                let me = e.filled(0, asFormatErrors: true)
                let others = entrants.filter { $0.id != e.id }.map { $0.filled(1, asFormatErrors: false) }
                if keep >= 1, others.count >= keep, others.contains(where: { clearlyBetter($0, than: me) }) { return nil }
                if let floor = halvingFloor {
                    let above = Self.ranked(others + [me]).prefix { $0.id != e.id }.count { $0.role == .candidate }
                    if pinned + above >= max(floor, (racing + 1) / 2) { return nil }
                }
                return e.id
            }
        }
    }
}
