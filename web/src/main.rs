//! ZooScope in the browser: mounts [`web::App`] on the page's `<body>`.

fn main() {
    yew::Renderer::<web::App>::new().render();
}
