import CNcursesw
import SPODashboard
import SPOTerminal
import Testing

struct KeyDecoderTests {
    let ok = spo_ok(), fn = spo_key_code_yes()

    @Test func charactersAndControls() {
        #expect(KeyDecoder.decode(status: ok, code: 0x71) == .key(.char("q")))
        #expect(KeyDecoder.decode(status: ok, code: 0x6F22) == .key(.char("漢")))
        #expect(KeyDecoder.decode(status: ok, code: 9) == .key(.tab))
        #expect(KeyDecoder.decode(status: ok, code: 13) == .key(.enter))
        #expect(KeyDecoder.decode(status: ok, code: 27) == .key(.escape))
        #expect(KeyDecoder.decode(status: ok, code: 127) == .key(.backspace))
        #expect(KeyDecoder.decode(status: ok, code: 19) == .key(.ctrl("s")))
        #expect(KeyDecoder.decode(status: spo_err(), code: 0) == nil)
    }

    @Test func functionKeysAndResize() {
        #expect(KeyDecoder.decode(status: fn, code: UInt32(spo_key_up())) == .key(.up))
        #expect(KeyDecoder.decode(status: fn, code: UInt32(spo_key_btab())) == .key(.backTab))
        #expect(KeyDecoder.decode(status: fn, code: UInt32(spo_key_npage())) == .key(.pageDown))
        #expect(KeyDecoder.decode(status: fn, code: UInt32(spo_key_resize())) == .resize)
        #expect(KeyDecoder.decode(status: fn, code: UInt32(spo_key_f(5))) == .key(.function(5)))
    }
}
