//! The HTTP side: `/metrics`, `/healthz`, 404 for the rest.
//!
//! `/metrics` answers in the format the `Accept` header asks for ([`Format::negotiate`]):
//! OpenMetrics for Prometheus, the classic text format 0.0.4 for everyone else.
//!
//! Connections are served by hyper's HTTP/1 server with limits that keep memory bounded
//! whatever clients send: request heads of at most [`MAX_BUF`] bytes (431 above that),
//! [`HEADER_TIMEOUT`] to send a request head (idle keep-alive time included), and at
//! most [`MAX_CONNECTIONS`] open at once.
//!
//! The cap must not let clients that send nothing lock out a scraper. A scrape needs a
//! connection for a millisecond; an idle one can hold a slot for the whole header
//! timeout, and a flood of them would fill every slot and then the kernel's listen
//! backlog, so that a scrape waits for a timeout or fails. So the accept loop always
//! accepts, and at the cap it closes the connection that has been idle longest (no
//! request in progress: silent, sending a head slowly, between keep-alive requests, or
//! done with its last response) to make room. A well-behaved scrape sends its request
//! as soon as it connects and is served before hundreds of newer connections could push
//! it out; a well-behaved keep-alive client whose idle connection was closed reconnects.

use crate::format::Format;
use crate::snapshot::{render_as, Shared};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use prometheus_client::registry::Registry;
use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{watch, Notify};

/// Connections open at once; at the cap a new one replaces the longest idle one.
pub const MAX_CONNECTIONS: usize = 256;
/// Largest request head, bytes.
pub const MAX_BUF: usize = 64 * 1024;
/// Time allowed to send a request head (and to stay idle between requests). A scraper
/// sends its head at once; a few seconds is plenty on any network, and short enough
/// that a silent connection gives its slot back soon even without eviction.
/// Keep-alive connections idle longer than this are closed: scrapers reconnect.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections the kernel queues for `accept` ([`bind`]). The accept loop drains it
/// quickly, but a burst of connects above a small backlog would have the kernel drop
/// SYNs, a scraper's among them, and its retry comes a second later.
pub const BACKLOG: u32 = 1024;
/// How long shutdown waits for requests in flight.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What the handlers share.
#[derive(Debug)]
pub struct AppState {
    /// The registry whose collector reads the snapshot.
    pub registry: Registry,
    /// The snapshot.
    pub shared: Arc<Shared>,
}

/// The routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .with_state(state)
}

async fn metrics(State(st): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let accept = headers.get_all(header::ACCEPT);
    let format = Format::negotiate(accept.iter().map(|v| v.as_bytes()));
    match render_as(format, &st.registry, &st.shared) {
        Ok(body) => {
            let headers = [
                (header::CONTENT_TYPE, format.content_type()),
                // The body depends on Accept: a cache must not give one client's format
                // to another.
                (header::VARY, "accept"),
            ];
            (headers, body).into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    }
}

async fn healthz(State(st): State<Arc<AppState>>) -> Response {
    if st.shared.healthy() {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        let age = st.shared.age().as_secs_f64();
        let msg = format!("sampler stalled: last step {age:.1} s ago\n");
        (StatusCode::SERVICE_UNAVAILABLE, msg).into_response()
    }
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "not found: try /metrics or /healthz\n",
    )
        .into_response()
}

/// Bind `addr` for the exporter's HTTP server ([`crate::Exporter::serve`]) with a listen
/// backlog of 1024 connections (std's is 128).
/// Must be called inside a tokio runtime.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As std does: a restarted exporter can bind while old connections are in TIME_WAIT.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// `Conn::key` while a request is being handled.
const BUSY: u64 = u64::MAX - 1;
/// `Conn::key` once the connection is evicted or closed.
const GONE: u64 = u64::MAX;

/// One accepted connection, as the [`Tracker`] sees it.
#[derive(Debug)]
struct Conn {
    /// Its key in [`Slots::idle`], or [`BUSY`] or [`GONE`]. Only changed with the
    /// tracker's lock held, so relaxed loads and stores are enough.
    key: AtomicU64,
    /// Told to close the connection now.
    evict: Notify,
}

/// The open connections: how many, and which are idle, oldest first. One lock, held
/// for a few map operations, so the accept loop never waits on a connection.
#[derive(Debug, Default)]
struct Tracker {
    slots: Mutex<Slots>,
    /// Notified when the last connection closes (shutdown waits for it).
    all_closed: Notify,
}

#[derive(Debug, Default)]
struct Slots {
    /// Connections counted against [`MAX_CONNECTIONS`] (an evicted one no longer is:
    /// its task closes it at its next poll).
    open: usize,
    /// Next key in `idle`: keys grow, so the first entry has been idle longest.
    next_key: u64,
    /// Connections with no request being handled, by when they became idle.
    idle: BTreeMap<u64, Arc<Conn>>,
}

impl Slots {
    fn make_idle(&mut self, conn: &Arc<Conn>) {
        let key = self.next_key;
        self.next_key += 1;
        conn.key.store(key, Ordering::Relaxed);
        self.idle.insert(key, Arc::clone(conn));
    }

    /// Close the connection idle longest, if any.
    fn evict_oldest(&mut self) -> bool {
        let Some((_, old)) = self.idle.pop_first() else {
            return false;
        };
        old.key.store(GONE, Ordering::Relaxed);
        // A stored permit if its task is not waiting yet: the wake-up is not lost.
        old.evict.notify_one();
        self.open -= 1;
        true
    }
}

impl Tracker {
    fn lock(&self) -> MutexGuard<'_, Slots> {
        // The critical sections cannot leave the maps half-updated.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Count in a new connection, idle until its request head is read, evicting the
    /// longest idle one at the cap. `None` when every slot is handling a request: the
    /// handlers render from memory without waiting, so that takes a flood of complete
    /// requests, and refusing the newcomer is then the cheapest answer.
    fn admit(&self) -> Option<Arc<Conn>> {
        let mut s = self.lock();
        if s.open >= MAX_CONNECTIONS && !s.evict_oldest() {
            return None;
        }
        s.open += 1;
        let conn = Arc::new(Conn {
            key: AtomicU64::new(GONE),
            evict: Notify::new(),
        });
        s.make_idle(&conn);
        Some(conn)
    }

    /// Free a slot, if one is idle (out of file descriptors).
    fn evict_oldest(&self) -> bool {
        let mut s = self.lock();
        let evicted = s.evict_oldest();
        if s.open == 0 {
            self.all_closed.notify_waiters();
        }
        evicted
    }

    /// hyper has read a complete request head on `conn`: it may not be evicted now.
    fn busy(&self, conn: &Conn) {
        let mut s = self.lock();
        let key = conn.key.load(Ordering::Relaxed);
        if key < BUSY {
            s.idle.remove(&key);
            conn.key.store(BUSY, Ordering::Relaxed);
        }
    }

    /// The handler returned: `conn` is idle again, the newest idle one.
    fn idle(&self, conn: &Arc<Conn>) {
        let mut s = self.lock();
        if conn.key.load(Ordering::Relaxed) == BUSY {
            s.make_idle(conn);
        }
    }

    /// `conn` is closed (its task ends).
    fn close(&self, conn: &Conn) {
        let mut s = self.lock();
        match conn.key.load(Ordering::Relaxed) {
            GONE => return,
            BUSY => {}
            key => {
                s.idle.remove(&key);
            }
        }
        conn.key.store(GONE, Ordering::Relaxed);
        s.open -= 1;
        if s.open == 0 {
            self.all_closed.notify_waiters();
        }
    }

    /// Resolves once no connection is open.
    async fn all_closed(&self) {
        loop {
            let closed = self.all_closed.notified();
            tokio::pin!(closed);
            // Registered before the check: a close in between is not missed.
            closed.as_mut().enable();
            if self.lock().open == 0 {
                return;
            }
            closed.await;
        }
    }
}

/// Marks a connection busy while its handler runs; idle again when dropped, however
/// the handler ends.
struct Busy {
    tracker: Arc<Tracker>,
    conn: Arc<Conn>,
}

impl Busy {
    fn new(tracker: &Arc<Tracker>, conn: &Arc<Conn>) -> Busy {
        tracker.busy(conn);
        Busy {
            tracker: Arc::clone(tracker),
            conn: Arc::clone(conn),
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.tracker.idle(&self.conn);
    }
}

/// Accept errors that mean this process is short of a resource (file descriptors,
/// memory), rather than that one connection failed before it was accepted.
fn out_of_resources(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

/// Accept errors about the one connection being accepted (it was reset or aborted
/// while queued, or a firewall rule refused it), after which the next may succeed.
fn connection_failed(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset};
    matches!(e.kind(), ConnectionAborted | ConnectionReset)
        || matches!(e.raw_os_error(), Some(libc::EPROTO | libc::EPERM))
}

/// Serve `app` on `listener` until `shutdown` resolves, then stop accepting, let
/// requests in flight finish (up to [`SHUTDOWN_GRACE`]) and return.
pub async fn serve<F>(listener: TcpListener, app: Router, shutdown: F)
where
    F: Future<Output = ()>,
{
    let tracker = Arc::new(Tracker::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // Never wait for a free slot before accepting: a connection waiting in the
        // backlog cannot be told apart from an idle one, and nothing would free a slot
        // until some idle connection timed out.
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                Err(e) => {
                    if out_of_resources(&e) {
                        // Give back the longest idle connection's descriptor; the pause
                        // lets its task run and close it before the next accept.
                        tracker.evict_oldest();
                    }
                    // A connection reset before it was accepted says nothing about the
                    // next one; anything else gets a pause, not a busy loop.
                    if !connection_failed(&e) {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(conn) = tracker.admit() else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let inner = TowerToHyperService::new(app.clone());
        let (t, c) = (Arc::clone(&tracker), Arc::clone(&conn));
        // hyper calls the service once it has a complete request head.
        let svc = hyper::service::service_fn(move |req| {
            let busy = Busy::new(&t, &c);
            let response = inner.call(req);
            async move {
                let r = response.await;
                drop(busy);
                r
            }
        });
        let tracker = Arc::clone(&tracker);
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            {
                let http = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .max_buf_size(MAX_BUF)
                    .serve_connection(TokioIo::new(stream), svc);
                tokio::pin!(http);
                tokio::select! {
                    _ = http.as_mut() => {}
                    // Evicted: no request was in progress; dropping `http` closes it.
                    () = conn.evict.notified() => {}
                    _ = stop.changed() => {
                        http.as_mut().graceful_shutdown();
                        let _ = http.as_mut().await;
                    }
                }
            }
            // The socket is closed: the slot is free.
            tracker.close(&conn);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, tracker.all_closed()).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evicted(c: &Conn) -> bool {
        c.key.load(Ordering::Relaxed) == GONE
    }

    #[test]
    fn at_the_cap_the_longest_idle_connection_makes_room() {
        let t = Tracker::default();
        let conns: Vec<_> = (0..MAX_CONNECTIONS).map(|_| t.admit().unwrap()).collect();
        // The first two are handling requests; the third finished one just now, so it
        // is the newest idle connection.
        t.busy(&conns[0]);
        t.busy(&conns[1]);
        t.busy(&conns[2]);
        t.idle(&conns[2]);
        let new = t.admit().unwrap();
        assert!(evicted(&conns[3]), "the oldest idle one goes first");
        assert!(!conns[..3].iter().any(|c| evicted(c)));
        assert_eq!(t.lock().open, MAX_CONNECTIONS);
        // Every idle one, oldest first, then the one that went idle last.
        for c in conns[4..].iter().chain([&conns[2], &new]) {
            t.admit().unwrap();
            assert!(evicted(c));
        }
        assert!(!evicted(&conns[0]) && !evicted(&conns[1]));
        // Closing an evicted connection does not free its slot twice.
        t.close(&conns[3]);
        assert_eq!(t.lock().open, MAX_CONNECTIONS);
        t.close(&conns[0]);
        assert_eq!(t.lock().open, MAX_CONNECTIONS - 1);
    }

    #[test]
    fn a_newcomer_is_refused_only_when_every_slot_is_handling_a_request() {
        let t = Tracker::default();
        let conns: Vec<_> = (0..MAX_CONNECTIONS).map(|_| t.admit().unwrap()).collect();
        for c in &conns {
            t.busy(c);
        }
        assert!(t.admit().is_none());
        assert!(!t.evict_oldest());
        t.idle(&conns[7]);
        assert!(t.admit().is_some());
        assert!(evicted(&conns[7]));
    }

    #[tokio::test]
    async fn shutdown_waits_for_the_last_close() {
        let t = Arc::new(Tracker::default());
        let (a, b) = (t.admit().unwrap(), t.admit().unwrap());
        t.close(&a);
        let t2 = Arc::clone(&t);
        let closer = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            t2.close(&b);
        });
        tokio::time::timeout(Duration::from_secs(5), t.all_closed())
            .await
            .expect("all closed");
        closer.await.unwrap();
        assert_eq!(t.lock().open, 0);
    }
}
