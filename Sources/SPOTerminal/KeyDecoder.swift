import CNcursesw
public import SPODashboard

/// What one `get_wch` call returned.
public enum TerminalInput: Sendable, Hashable {
    case key(Key)
    case resize
}

/// Turns `get_wch` results into keys: `status` is what it returned (OK or
/// KEY_CODE_YES) and `code` the character or key code it stored.
public enum KeyDecoder {
    public static func decode(status: Int32, code: UInt32) -> TerminalInput? {
        if status == spo_key_code_yes() { return function(Int32(bitPattern: code)) }
        guard status == spo_ok() else { return nil }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(code) + 0x60))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    static func function(_ k: Int32) -> TerminalInput? {
        switch k {
        case spo_key_resize(): return .resize
        case spo_key_up(): return .key(.up)
        case spo_key_down(): return .key(.down)
        case spo_key_left(): return .key(.left)
        case spo_key_right(): return .key(.right)
        case spo_key_home(): return .key(.home)
        case spo_key_end(): return .key(.end)
        case spo_key_ppage(): return .key(.pageUp)
        case spo_key_npage(): return .key(.pageDown)
        case spo_key_enter(): return .key(.enter)
        case spo_key_backspace(): return .key(.backspace)
        case spo_key_dc(): return .key(.delete)
        case spo_key_btab(): return .key(.backTab)
        default:
            for n in 1...12 where k == spo_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }
}
