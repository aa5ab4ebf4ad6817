//! A WebSocket app on 127.0.0.1 port 0 for the `whk call` socket tests: its own thread and
//! current-thread runtime, every connection handed to `serve` (each on its own task).

#![allow(dead_code)]

use std::future::Future;

/// Listen on 127.0.0.1 port 0 and run `serve` for every accepted TCP connection; returns the
/// port.
pub fn spawn<F, Fut>(serve: F) -> u16
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((tcp, _)) = listener.accept().await {
                tokio::spawn(serve(tcp));
            }
        });
    });
    port
}
