import Foundation
import SPOModels
import Testing

@Suite struct APIKeyTests {
    @Test func readsTheEnvironmentVariable() throws {
        let key = try APIKey.resolve(env: "MY_KEY", file: nil, environment: ["MY_KEY": "  sk-abc\n"])
        #expect(key?.value == "sk-abc")
        #expect(key?.description == "API key from environment variable MY_KEY")
        #expect(try APIKey.resolve(env: "MY_KEY", file: nil, environment: [:]) == nil)
        #expect(try APIKey.resolve(env: "MY_KEY", file: nil, environment: ["MY_KEY": ""]) == nil)
    }

    @Test func readsAnOwnerOnlyFile() throws {
        let dir = temporaryDirectory()
        let path = dir + "/key"
        _ = FileManager.default.createFile(atPath: path, contents: Data("sk-from-file\n".utf8), attributes: [.posixPermissions: 0o600])
        let key = try APIKey.resolve(env: "UNUSED", file: path, environment: ["UNUSED": "sk-env"])
        #expect(key?.value == "sk-from-file", "the file wins over the environment")
        #expect(!String(describing: key as Any).contains("sk-from-file"))
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func refusesAFileOthersCanRead(mode: Int) throws {
        let dir = temporaryDirectory()
        let path = dir + "/key"
        _ = FileManager.default.createFile(atPath: path, contents: Data("sk-loose".utf8), attributes: [.posixPermissions: mode])
        let error = #expect(throws: ModelError.self) { try APIKey.fromFile(path) }
        #expect(error?.kind == .apiKey)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains(String(mode, radix: 8)) == true)
        #expect(error?.message.contains("sk-loose") == false)
    }

    @Test func explainsMissingEmptyAndMultilineFiles() throws {
        let dir = temporaryDirectory()
        #expect(throws: ModelError.self) { try APIKey.fromFile(dir + "/absent") }
        _ = FileManager.default.createFile(atPath: dir + "/empty", contents: Data(), attributes: [.posixPermissions: 0o600])
        #expect(throws: ModelError.self) { try APIKey.fromFile(dir + "/empty") }
        _ = FileManager.default.createFile(atPath: dir + "/two", contents: Data("sk-one\nsk-two".utf8), attributes: [.posixPermissions: 0o600])
        let error = #expect(throws: ModelError.self) { try APIKey.fromFile(dir + "/two") }
        #expect(error?.message.contains("sk-one") == false)
    }
}
