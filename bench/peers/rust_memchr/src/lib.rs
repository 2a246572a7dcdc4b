//! extern "C" wrappers of memchr::memmem's Finder (find) and FinderRev
//! (rfind), for the find and rfind families of mmaplab-bench
//! (bench/peers/peer_rust_memchr.h declares them). A finder is built once
//! per needle and then searches any number of haystacks, as a Rust user
//! holding a needle would use it; the C side keeps it for the whole run.

use memchr::memmem::{Finder, FinderRev};
use std::slice;

/// A forward finder owning a copy of NEEDLE[0, LEN); free it with
/// mmaplab_rmemchr_finder_free. LEN may be 0 only if NEEDLE is non-null.
///
/// # Safety
/// NEEDLE must point to LEN readable bytes.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_new(needle: *const u8, len: usize) -> *mut Finder<'static> {
    let n = slice::from_raw_parts(needle, len);
    Box::into_raw(Box::new(Finder::new(n).into_owned()))
}

/// The lowest index of the finder's needle in HAY[0, LEN), or -1.
///
/// # Safety
/// F from mmaplab_rmemchr_finder_new, HAY pointing to LEN readable bytes.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_find(f: *const Finder<'static>, hay: *const u8, len: usize) -> i64 {
    match (*f).find(slice::from_raw_parts(hay, len)) {
        Some(i) => i as i64,
        None => -1,
    }
}

/// Frees a finder of mmaplab_rmemchr_finder_new (null is ignored).
///
/// # Safety
/// F from mmaplab_rmemchr_finder_new, not freed before.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_free(f: *mut Finder<'static>) {
    if !f.is_null() {
        drop(Box::from_raw(f));
    }
}

/// A reverse finder owning a copy of NEEDLE[0, LEN).
///
/// # Safety
/// NEEDLE must point to LEN readable bytes.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_rev_new(needle: *const u8, len: usize) -> *mut FinderRev<'static> {
    let n = slice::from_raw_parts(needle, len);
    Box::into_raw(Box::new(FinderRev::new(n).into_owned()))
}

/// The highest index of the finder's needle in HAY[0, LEN), or -1.
///
/// # Safety
/// F from mmaplab_rmemchr_finder_rev_new, HAY pointing to LEN readable bytes.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_rev_rfind(f: *const FinderRev<'static>, hay: *const u8, len: usize) -> i64 {
    match (*f).rfind(slice::from_raw_parts(hay, len)) {
        Some(i) => i as i64,
        None => -1,
    }
}

/// Frees a finder of mmaplab_rmemchr_finder_rev_new (null is ignored).
///
/// # Safety
/// F from mmaplab_rmemchr_finder_rev_new, not freed before.
#[no_mangle]
pub unsafe extern "C" fn mmaplab_rmemchr_finder_rev_free(f: *mut FinderRev<'static>) {
    if !f.is_null() {
        drop(Box::from_raw(f));
    }
}

/// The vector set memchr 2.x's memmem can use on this CPU, chosen by it at
/// run time on x86-64 (AVX2, else SSE2); a static NUL-terminated string.
#[no_mangle]
pub extern "C" fn mmaplab_rmemchr_vector_set() -> *const std::os::raw::c_char {
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") {
            return b"avx2\0".as_ptr() as *const _;
        }
        return b"sse2\0".as_ptr() as *const _;
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        b"none (scalar code off x86-64)\0".as_ptr() as *const _
    }
}
