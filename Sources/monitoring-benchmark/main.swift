import Foundation

/// `monitoring-benchmark generate [--workforce N] [--days D] [--incident-days K] [--incidents-per-family M] [--seed S] [--output DIR]`
/// writes a synthetic hospital's access log with labelled incidents (Benchmarks/monitoring/run scores the monitor on it).
var arguments = CommandLine.arguments.dropFirst()
guard arguments.popFirst() == "generate" else {
    FileHandle.standardError.write(
        Data(
            "usage: monitoring-benchmark generate [--workforce N] [--days D] [--incident-days K] [--incidents-per-family M] [--seed S] [--output DIR]\n"
                .utf8))
    exit(2)
}
var options = Generator.Options()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("\(flag) needs a value\n".utf8))
        exit(2)
    }
    switch flag {
    case "--workforce": options.workforce = Int(value) ?? options.workforce
    case "--days": options.days = Int(value) ?? options.days
    case "--incident-days": options.incidentDays = Int(value) ?? options.incidentDays
    case "--incidents-per-family": options.incidentsPerFamily = Int(value) ?? options.incidentsPerFamily
    case "--seed": options.seed = UInt64(value) ?? options.seed
    case "--output": options.output = value
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}
let generator = try Generator(options)
try generator.run()
print(
    "{\"records\":\(generator.records),\"workforce\":\(generator.staff.count),\"incidents\":\(generator.incidents.count),\"output\":\"\(options.output)\"}"
)
