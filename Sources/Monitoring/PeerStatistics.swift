import Foundation

/// Daily samples of a peer group (actors sharing primary role and department, or only the role)
/// over a trailing window, and the percentiles the rules compare against. Samples are added once
/// a day as the day closes, so thresholds are recomputed nightly, never by rescanning history.
struct PeerStatistics {
    struct Metric {
        /// One array of samples per closed day, oldest first.
        var days: [[UInt32]] = []
        var today: [UInt32] = []
        /// Sorted samples of the window, rebuilt as each day closes.
        var sorted: [UInt32] = []

        mutating func closeDay(window: Int) {
            days.append(today)
            today.removeAll(keepingCapacity: true)
            if days.count > window { days.removeFirst(days.count - window) }
            sorted = days.flatMap { $0 }.sorted()
        }

        /// The `percentile` (0–100) of the window's samples, nil when there are fewer than `minimumSamples`.
        func percentile(_ percentile: Double, minimumSamples: Int = 30) -> Double? {
            guard sorted.count >= minimumSamples else { return nil }
            let rank = Int((percentile / 100 * Double(sorted.count - 1)).rounded(.up))
            return Double(sorted[min(rank, sorted.count - 1)])
        }
    }

    /// Distinct patients per active actor-day.
    var dailyPatients = Metric()
    /// Candidate unexplained first accesses per active actor-day.
    var dailyUnexplained = Metric()
    /// Break-the-glass accesses in the trailing window, per active actor-day.
    var breakGlassCounts = Metric()
    /// Permits per purpose (decayed), for purpose drift.
    var purposeCounts: [Int32: Double] = [:]
    var purposeTotal: Double = 0

    mutating func closeDay(window: Int, purposeDecay: Double) {
        dailyPatients.closeDay(window: window)
        dailyUnexplained.closeDay(window: window)
        breakGlassCounts.closeDay(window: window)
        for key in purposeCounts.keys { purposeCounts[key]! *= purposeDecay }
        purposeTotal *= purposeDecay
    }
}

/// A peer group's thresholds for the current day, computed as the previous day closes: read on
/// every record, so a trivial struct apart from the samples.
struct PeerThresholds {
    var dailyPatients: Double?
    var dailyUnexplained: Double?
    var breakGlass: Double?
}

/// A count that fades with a mean age of `lifetime` days, decayed lazily when touched.
struct FadingCount {
    var value: Double = 0
    var day: Int64 = 0

    mutating func add(_ amount: Double, day today: Int64, decay: Double) {
        fade(to: today, decay: decay)
        value += amount
    }

    mutating func fade(to today: Int64, decay: Double) {
        if today > day {
            if value > 0 { value *= pow(decay, Double(today - day)) }
            day = today
        }
    }

    func value(at today: Int64, decay: Double) -> Double {
        today > day ? value * pow(decay, Double(today - day)) : value
    }
}
