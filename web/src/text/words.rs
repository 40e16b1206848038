//! The engine's facts in words, in both languages: what the UI shows by default instead of
//! the engine's names (`CONNECTED`, `LEADING`), which stay in attributes and tooltips.

use super::Lang;
use engine::ClientStatus;

/// A client's status in a word or two, for the map.
pub fn client_status(status: ClientStatus, lang: Lang) -> &'static str {
    match status {
        ClientStatus::Connected => lang.pick("connected", "已连接"),
        ClientStatus::Connecting => lang.pick("connecting", "连接中"),
        ClientStatus::Closed => lang.pick("session over", "会话结束"),
        ClientStatus::Down => lang.pick("crashed", "已崩溃"),
    }
}

/// A client's status with what it means, for the inspector and the console.
pub fn client_status_long(status: ClientStatus, lang: Lang) -> &'static str {
    match status {
        ClientStatus::Connected => lang.pick("connected", "已连接"),
        ClientStatus::Connecting => lang.pick("connecting", "连接中"),
        ClientStatus::Closed => lang.pick("closed (session over)", "已关闭（会话结束）"),
        ClientStatus::Down => lang.pick("down (process crashed)", "宕机（进程已崩溃）"),
    }
}
