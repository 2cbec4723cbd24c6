"""Models: the chat model and the embeddings, built from settings in one place.

``factory`` is the only seam: ``build_chat_model`` (embedded GGUF through
llama-cpp-python, or any OpenAI-compatible endpoint) and ``build_embeddings``
(the bundled int8 MiniLM on onnxruntime). Everything else, evals included,
receives what these build. Nothing here reads messages, searches or writes replies.
"""
