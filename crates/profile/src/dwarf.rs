//! `--call-graph dwarf`: user stacks unwound from DWARF call frame information, for
//! programs built without frame pointers.
//!
//! At each sample the kernel copies the user registers needed to start (ip, sp, bp) and
//! the top of the user stack ([`STACK_BYTES`]). After the run, framehop unwinds each copy
//! with the `.eh_frame` / `.eh_frame_hdr` / `.debug_frame` of the ELF files the process
//! had mapped (read with the `object` crate), as `perf record --call-graph dwarf` does
//! with libunwind. Frames beyond the copied bytes are lost: a deep stack is cut, not
//! guessed.

use crate::sampler::Mapping;
use framehop::x86_64::{CacheX86_64, UnwindRegsX86_64, UnwinderX86_64};
use framehop::{ExplicitModuleSectionInfo, FrameAddress, Module, Unwinder};
use object::{Object, ObjectSection};
use std::collections::HashMap;
use std::sync::Arc;

/// Bytes of user stack copied per sample: enough for the frames of most programs, and
/// small enough that 1000 samples per second stay a few MB per second.
pub const STACK_BYTES: u32 = 16 * 1024;

/// perf's x86-64 register numbers: BP, SP, IP (in this order in a sample, which lists
/// registers by ascending number).
pub const REGS_MASK: u64 = (1 << 6) | (1 << 7) | (1 << 8);

/// The copied user state of one sample.
#[derive(Clone, Debug, PartialEq)]
pub struct UserStack {
    /// Instruction pointer.
    pub ip: u64,
    /// Stack pointer: the address of `bytes[0]`.
    pub sp: u64,
    /// Frame pointer register (a general register where there are no frame pointers).
    pub bp: u64,
    /// The stack from `sp` up.
    pub bytes: Vec<u8>,
}

/// Most frames unwound per sample.
const MAX_FRAMES: usize = 256;

type Data = Arc<[u8]>;

/// Unwinders per process, built from its mappings.
pub struct Unwinders {
    per_pid: HashMap<u32, UnwinderX86_64<Data>>,
    files: HashMap<String, Option<Sections>>,
    cache: CacheX86_64,
}

/// The unwind sections of one ELF file.
#[derive(Clone)]
struct Sections {
    text: Option<(std::ops::Range<u64>, Data)>,
    eh_frame: Option<(std::ops::Range<u64>, Data)>,
    eh_frame_hdr: Option<(std::ops::Range<u64>, Data)>,
    debug_frame: Option<Data>,
    got: Option<std::ops::Range<u64>>,
    /// Where the executable segment starts in the file, and its address in the file's
    /// own address space (to find the load bias from a mapping).
    exec_segment: Option<(u64, u64)>,
}

impl Unwinders {
    /// No process known yet.
    pub fn new() -> Self {
        Unwinders {
            per_pid: HashMap::new(),
            files: HashMap::new(),
            cache: CacheX86_64::new(),
        }
    }

    /// Learn a mapping (a file mapped executable into a process of the tree).
    pub fn add(&mut self, m: &Mapping) {
        if !m.path.starts_with('/') {
            return;
        }
        {
            let Some(sections) = self.sections(&m.path) else {
                return;
            };
            // The load bias: where the file's address 0 lies in this process. The mmap
            // record gives the mapping's start and file offset; the segment table maps
            // file offsets to the file's own addresses.
            let Some((seg_offset, seg_vaddr)) = sections.exec_segment else {
                return;
            };
            let bias = m
                .start
                .wrapping_sub(m.pgoff)
                .wrapping_add(seg_offset)
                .wrapping_sub(seg_vaddr);
            let info = ExplicitModuleSectionInfo {
                base_svma: 0,
                text_svma: sections.text.as_ref().map(|t| t.0.clone()),
                text: sections.text.as_ref().map(|t| t.1.clone()),
                got_svma: sections.got.clone(),
                eh_frame_svma: sections.eh_frame.as_ref().map(|t| t.0.clone()),
                eh_frame: sections.eh_frame.as_ref().map(|t| t.1.clone()),
                eh_frame_hdr_svma: sections.eh_frame_hdr.as_ref().map(|t| t.0.clone()),
                eh_frame_hdr: sections.eh_frame_hdr.as_ref().map(|t| t.1.clone()),
                debug_frame: sections.debug_frame.clone(),
                ..Default::default()
            };
            let module = Module::new(m.path.clone(), m.start..m.start + m.len, bias, info);
            self.per_pid.entry(m.pid).or_default().add_module(module);
        }
    }

    /// The return addresses of one sample's user stack, innermost first (the first is
    /// the instruction pointer itself).
    pub fn unwind(&mut self, pid: u32, stack: &UserStack) -> Vec<u64> {
        let Some(unwinder) = self.per_pid.get(&pid) else {
            return vec![stack.ip];
        };
        let mut read = |addr: u64| -> Result<u64, ()> {
            let off = addr.checked_sub(stack.sp).ok_or(())? as usize;
            let bytes = stack
                .bytes
                .get(off..off.checked_add(8).ok_or(())?)
                .ok_or(())?;
            Ok(u64::from_le_bytes(bytes.try_into().map_err(|_| ())?))
        };
        let regs = UnwindRegsX86_64::new(stack.ip, stack.sp, stack.bp);
        let mut frames = unwinder.iter_frames(stack.ip, regs, &mut self.cache, &mut read);
        let mut out = Vec::new();
        while let Ok(Some(f)) = frames.next() {
            out.push(match f {
                FrameAddress::InstructionPointer(ip) => ip,
                FrameAddress::ReturnAddress(ra) => ra.get(),
            });
            if out.len() >= MAX_FRAMES {
                break;
            }
        }
        out
    }

    fn sections(&mut self, path: &str) -> Option<Sections> {
        self.files
            .entry(path.to_string())
            .or_insert_with(|| read_sections(path))
            .clone()
    }
}

/// The unwind sections of the ELF file at `path`; None when it cannot be read or parsed.
fn read_sections(path: &str) -> Option<Sections> {
    let data = std::fs::read(path).ok()?;
    let file = object::File::parse(&*data).ok()?;
    let section = |name: &str| -> Option<(std::ops::Range<u64>, Data)> {
        let s = file.section_by_name(name)?;
        let bytes = s.uncompressed_data().ok()?;
        Some((s.address()..s.address() + s.size(), Arc::from(&*bytes)))
    };
    let exec_segment = exec_segment(&data);
    Some(Sections {
        text: section(".text"),
        eh_frame: section(".eh_frame"),
        eh_frame_hdr: section(".eh_frame_hdr"),
        debug_frame: section(".debug_frame").map(|s| s.1),
        got: section(".got").map(|s| s.0),
        exec_segment,
    })
}

/// (file offset, virtual address) of the first executable PT_LOAD segment.
fn exec_segment(data: &[u8]) -> Option<(u64, u64)> {
    use object::read::elf::{FileHeader, ProgramHeader};
    let header = object::elf::FileHeader64::<object::Endianness>::parse(data).ok()?;
    let endian = header.endian().ok()?;
    header
        .program_headers(endian, data)
        .ok()?
        .iter()
        .find(|ph| {
            ph.p_type(endian) == object::elf::PT_LOAD && ph.p_flags(endian) & object::elf::PF_X != 0
        })
        .map(|ph| (ph.p_offset(endian), ph.p_vaddr(endian)))
}
