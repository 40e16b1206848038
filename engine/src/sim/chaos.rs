//! Random fault schedules for soak tests: crashes and restarts, partitions, one-way cuts,
//! pauses, clock drift and message loss, with writes throughout. A schedule is a pure function
//! of its seed, so a failing one is replayed by its number.

use super::{Fault, Target};
use crate::ids::{ProcessId, ServerId};
use crate::rng::Rng;
use crate::time::{ms, secs, Micros};

/// How long the faults go on; after this everything heals and restarts.
pub const CHAOS_SPAN: Micros = secs(20);

/// A fault schedule for `servers` servers: `(time, fault)` pairs in time order, ending with a
/// heal, restarts and a return to no loss at [`CHAOS_SPAN`].
pub fn schedule(seed: u64, servers: u8) -> Vec<(Micros, Fault)> {
    let mut rng = Rng::new(seed ^ 0x5eed_c4a0_5000_0000);
    let mut out = Vec::new();
    let server = |rng: &mut Rng| ServerId(rng.range(1, servers as u64) as u8);
    let target = |rng: &mut Rng| {
        if rng.range(0, 2) == 0 {
            Target::Leader
        } else {
            Target::Server(ServerId(rng.range(1, servers as u64) as u8))
        }
    };
    let mut t = ms(rng.range(300, 1500));
    while t < CHAOS_SPAN {
        let fault = match rng.range(0, 9) {
            0 | 1 => Fault::Crash(target(&mut rng)),
            2 => Fault::Restart(server(&mut rng)),
            3 => {
                let mut sides = vec![Vec::new(), Vec::new()];
                for i in 1..=servers {
                    let side = rng.range(0, 1) as usize;
                    sides[side].push(ProcessId::Server(ServerId(i)));
                }
                Fault::Partition(sides)
            }
            4 => {
                let (a, b) = (server(&mut rng), server(&mut rng));
                Fault::Cut(ProcessId::Server(a), ProcessId::Server(b))
            }
            5 => Fault::Heal,
            6 => Fault::Pause(target(&mut rng), ms(rng.range(100, 15_000))),
            7 => {
                let ppm = rng.range(0, 1_000_000) as i64 - 500_000;
                Fault::Drift(target(&mut rng), ppm)
            }
            _ => Fault::Loss(rng.range(0, 20_000) as u32),
        };
        out.push((t, fault));
        // writes keep flowing through the faults
        out.push((
            t + ms(1),
            Fault::Write(Target::Leader, rng.range(1, 5) as u32),
        ));
        t += ms(rng.range(100, 3000));
    }
    out.push((CHAOS_SPAN, Fault::Heal));
    out.push((CHAOS_SPAN, Fault::Loss(0)));
    for i in 1..=servers {
        out.push((CHAOS_SPAN, Fault::Restart(ServerId(i))));
    }
    out
}
