import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request, synchronously, with a hard deadline: what the cron job and the checks need.
///
/// On AsyncHTTPClient (SwiftNIO and swift-nio-ssl, which the binary links anyway) rather than
/// Foundation's URLSession: that would link libcurl and GnuTLS, whose library constructors cost every
/// `phiguard` command about 28 ms at start-up.
enum HTTPExchange {
    enum Outcome {
        case answer(status: Int, body: Data)
        case problem(String)
    }

    static func perform(method: String, url: URL, headers: [String: String], body: Data?, timeout: TimeInterval) -> Outcome {
        let request: HTTPClient.Request
        do {
            var fields = HTTPHeaders()
            for (name, value) in headers { fields.add(name: name, value: value) }
            request = try HTTPClient.Request(
                url: url.absoluteString, method: HTTPMethod(rawValue: method), headers: fields, body: body.map { .bytes(Array($0)) })
        } catch {
            return .problem("not a usable URL: \(error)")
        }
        do {
            let response = try HTTPClient.shared.execute(request: request, deadline: .now() + .milliseconds(Int64(timeout * 1000))).wait()
            var bytes = response.body ?? ByteBuffer()
            return .answer(status: Int(response.status.code), body: Data(bytes.readBytes(length: min(bytes.readableBytes, 4 << 20)) ?? []))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .problem("no answer within \(Int(timeout)) s")
        } catch {
            return .problem(String(describing: error))
        }
    }
}
