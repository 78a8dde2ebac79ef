/// `phiguard tls check` runs once per deployment-pipeline step, so its start-up counts (the target
/// is within 2× `openssl s_client`, docs/BENCHMARKS.md). ArgumentParser finds a command's options by
/// reflecting on its property wrappers, and the Swift runtime answers each first-time type question
/// by scanning the 200 MB binary's 12,000 conformance records: 3 to 4 ms of every run. Plain
/// arguments (`--name value`, `--name=value`, flags and URLs) are therefore read here, into the same
/// command, and anything else (short options, `--`, `--help`, a repeated or malformed value, an
/// unknown name) goes to ArgumentParser, whose answers and messages stay the reference.
/// `EntryPointTests` runs the same arguments both ways and compares the results.
extension TLSCheckCommand {
    /// The defaults, shared with the property declarations so both parsers start from the same values.
    enum Defaults {
        static let ca = "Certs"
        static let timeout: Double = 5
        static let concurrency = 32
        static let format = "text"
        static var database: String { environmentVariable("PHIGUARD_DATABASE") ?? "var/phiguard.sqlite" }
        static var keys: String { environmentVariable("PHIGUARD_KEYS") ?? "var/keys" }
        static let owner = "pki"
    }

    private static let valuedOptions: Set<String> = [
        "inventory", "ca", "servername", "min-days", "pin", "timeout", "policy", "concurrency", "format", "database", "keys", "owner",
    ]
    private static let flags: Set<String> = ["system-trust", "verbose", "record"]

    /// The command for `arguments` (those after `tls check`), or nil when ArgumentParser should read them.
    static func parsedDirectly(_ arguments: [String]) -> TLSCheckCommand? {
        var urls: [String] = []
        var values: [String: [String]] = [:]
        var setFlags: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                // Short options and a lone `-` follow ArgumentParser's rules.
                if argument.hasPrefix("-") { return nil }
                urls.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let name = String(equals.map { body[..<$0] } ?? body)
            if flags.contains(name), equals == nil {
                guard setFlags.insert(name).inserted else { return nil }
                continue
            }
            guard valuedOptions.contains(name) else { return nil }
            let value: String
            if let equals {
                value = String(body[body.index(after: equals)...])
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                value = arguments[index]
                index += 1
            }
            values[name, default: []].append(value)
        }
        // Only --pin repeats; a repeated single option is ArgumentParser's to judge.
        guard values.allSatisfy({ $0.key == "pin" || $0.value.count == 1 }) else { return nil }
        func one(_ name: String) -> String? { values[name]?.first }
        var minDays: Int?
        if let text = one("min-days") {
            guard let number = Int(text) else { return nil }
            minDays = number
        }
        let timeout = one("timeout").map { Double($0) } ?? Defaults.timeout
        let concurrency = one("concurrency").map { Int($0) } ?? Defaults.concurrency
        guard let timeout, let concurrency else { return nil }

        var command = TLSCheckCommand()
        command.urls = urls
        command.inventory = one("inventory")
        command.ca = one("ca") ?? Defaults.ca
        command.systemTrust = setFlags.contains("system-trust")
        command.servername = one("servername")
        command.minDays = minDays
        command.pin = values["pin"] ?? []
        command.timeout = timeout
        command.policy = one("policy")
        command.concurrency = concurrency
        command.format = one("format") ?? Defaults.format
        command.verbose = setFlags.contains("verbose")
        command.record = setFlags.contains("record")
        command.database = one("database") ?? Defaults.database
        command.keys = one("keys") ?? Defaults.keys
        command.owner = one("owner") ?? Defaults.owner
        return command
    }
}
