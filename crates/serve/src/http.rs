//! The HTTP side: `/metrics`, `/healthz`, 404 for the rest.
//!
//! Connections are served by hyper's HTTP/1 server with limits that keep memory bounded
//! whatever clients send: at most [`MAX_CONNECTIONS`] at once (more wait in the listen
//! backlog), request heads of at most [`MAX_BUF`] bytes (431 above that), and
//! [`HEADER_TIMEOUT`] to send a request head, idle keep-alive time included.

use crate::snapshot::{render, Shared};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use prometheus_client::registry::Registry;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// The content type of `/metrics`.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// Connections served at once.
pub const MAX_CONNECTIONS: usize = 256;
/// Largest request head, bytes.
pub const MAX_BUF: usize = 64 * 1024;
/// Time allowed to send a request head (and to stay idle between requests).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
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

async fn metrics(State(st): State<Arc<AppState>>) -> Response {
    match render(&st.registry, &st.shared) {
        Ok(body) => ([(header::CONTENT_TYPE, OPENMETRICS)], body).into_response(),
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

/// Serve `app` on `listener` until `shutdown` resolves, then stop accepting, let
/// requests in flight finish (up to [`SHUTDOWN_GRACE`]) and return.
pub async fn serve<F>(listener: TcpListener, app: Router, shutdown: F)
where
    F: Future<Output = ()>,
{
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                // Out of file descriptors and the like: wait a little, keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_BUF)
                .serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, permits.acquire_many(all)).await;
}
