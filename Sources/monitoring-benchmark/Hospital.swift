import Foundation

/// A synthetic hospital for the monitor's benchmark: departments, a workforce with roles, shifts and
/// grants of every kind, patients with households, addresses and sensitive labels, and encounters
/// that create care relationships. Deterministic for a seed.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound.
    mutating func int(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }
    mutating func chance(_ probability: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < probability }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

enum Shift {
    /// 07–19.
    case day
    /// 19–07 (into the next day).
    case night
    /// 08–17 on weekdays.
    case office
}

struct Department {
    let name: String
    let clinical: Bool
    /// Share of the clinical workforce and of admissions.
    let weight: Double
    /// Mean length of stay in days (1: visits).
    let stay: Int
}

struct StaffMember {
    let id: String
    let role: String
    let department: Int
    let shift: Shift
    /// Days of the week worked (0 = Monday).
    let weekdays: Set<Int>
    var surname: String
    var household: Int
    var patientID: Int?
    var terminatedDay: Int?
    var cohort: [Int] = []
    var usedByIncident = false
}

struct Patient {
    var surname: String
    var household: Int
    var labels: [String]
    var vip: Bool
    var deathDay: Int?
    /// Workforce index of a contact or guarantor who works here.
    var contact: Int?
}

struct Encounter {
    let patient: Int
    let department: Int
    let start: Int
    let end: Int
    let attending: Int
    let resident: Int?
    /// For an emergency visit that leads to an admission: the department admitting.
    var admitTo: Int? = nil
    /// Seconds after midnight of `start` when the patient arrives: nobody opens the chart before.
    var arrival: Int = 0
}

struct Household {
    let postal: Int
    let street: Int
    let number: Int
    var address: String { "\(number) street-\(street) \(postal)" }
    var postalCode: String { String(10_000 + postal) }
    var streetName: String { "street-\(street)" }
}

let departments: [Department] = [
    Department(name: "emergency", clinical: true, weight: 0.14, stay: 1),
    Department(name: "internal-medicine", clinical: true, weight: 0.14, stay: 4),
    Department(name: "cardiology", clinical: true, weight: 0.09, stay: 4),
    Department(name: "oncology", clinical: true, weight: 0.08, stay: 5),
    Department(name: "icu", clinical: true, weight: 0.08, stay: 3),
    Department(name: "surgery", clinical: true, weight: 0.10, stay: 3),
    Department(name: "pediatrics", clinical: true, weight: 0.07, stay: 3),
    Department(name: "obstetrics", clinical: true, weight: 0.07, stay: 2),
    Department(name: "psychiatry", clinical: true, weight: 0.06, stay: 7),
    Department(name: "neurology", clinical: true, weight: 0.06, stay: 4),
    Department(name: "orthopedics", clinical: true, weight: 0.07, stay: 3),
    Department(name: "radiology", clinical: false, weight: 0, stay: 0),
    Department(name: "laboratory", clinical: false, weight: 0, stay: 0),
    Department(name: "pharmacy", clinical: false, weight: 0, stay: 0),
    Department(name: "social-work", clinical: false, weight: 0, stay: 0),
    Department(name: "him", clinical: false, weight: 0, stay: 0),
    Department(name: "billing", clinical: false, weight: 0, stay: 0),
    Department(name: "registration", clinical: false, weight: 0, stay: 0),
    Department(name: "research", clinical: false, weight: 0, stay: 0),
    Department(name: "it", clinical: false, weight: 0, stay: 0),
]

func departmentIndex(_ name: String) -> Int { departments.firstIndex { $0.name == name }! }

/// Synthetic surnames with a long tail: a few very common, most rare.
func surnames(count: Int, random: inout SplitMix) -> [String] {
    let onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "ch", "sh", "th", "br", "kr", "st"]
    let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ei"]
    let codas = ["n", "r", "s", "l", "m", "th", "ck", "nd", "rt", "son", "ley", "man", "ez", "ski", "ton"]
    var names = Set<String>()
    while names.count < count {
        var name = random.pick(onsets) + random.pick(vowels) + random.pick(codas)
        if random.chance(0.5) { name += random.pick(vowels) + random.pick(codas) }
        names.insert(name.prefix(1).uppercased() + name.dropFirst())
    }
    return names.sorted()
}

/// A Zipf-like pick: index i with weight 1/(i+10).
func zipfPick(_ count: Int, random: inout SplitMix) -> Int {
    // Inverse of the continuous approximation: F(x) = ln((x+10)/10) / ln((n+10)/10).
    let u = random.unit()
    let x = 10 * (exp(u * log(Double(count + 10) / 10)) - 1)
    return min(count - 1, Int(x))
}
