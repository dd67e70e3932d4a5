use proc_macro::TokenStream;
#[proc_macro_attribute]
pub fn gradient_checked(_a: TokenStream, i: TokenStream) -> TokenStream {
    i
}
