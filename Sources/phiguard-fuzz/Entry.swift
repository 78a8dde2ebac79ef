import Foundation

#if FUZZING
    /// The target libFuzzer drives, from PHIGUARD_FUZZ_TARGET (read once).
    nonisolated(unsafe) private var selected: FuzzTarget? = nil

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        if selected == nil {
            let name = ProcessInfo.processInfo.environment["PHIGUARD_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    Data("set PHIGUARD_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
                exit(64)
            }
            selected = target
        }
        selected!.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without the fuzzer: `phiguard-fuzz replay TARGET PATH…` runs saved inputs (seed corpora,
    /// regressions) through a target, the way the tests do; `phiguard-fuzz list` names the targets.
    @main
    enum FuzzReplay {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "list" {
                print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
                return
            }
            guard arguments.count >= 3, arguments[0] == "replay", let target = FuzzTarget(rawValue: arguments[1]) else {
                FileHandle.standardError.write(Data("usage: phiguard-fuzz list | replay TARGET FILE|DIR…\n".utf8))
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst(2) {
                for file in files(at: path) {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    target.run(Array(data))
                    count += 1
                }
            }
            print("\(target.rawValue): \(count) inputs replayed")
        }

        static func files(at path: String) -> [String] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
            guard isFolder.boolValue else { return [path] }
            let items = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
            return items.sorted().map { (path as NSString).appendingPathComponent($0) }.filter {
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: $0, isDirectory: &folder) && !folder.boolValue
            }
        }
    }
#endif
