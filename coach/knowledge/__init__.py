"""Knowledge: the articles, the index over them, and the curated content beside them.

The pipeline's second stage. ``ingest`` cuts articles into sections, ``index``
keeps them in ChromaDB, ``retrieve`` ranks sections for a read message;
``guidance``, ``personas``, ``plan`` and ``resources`` load the reviewed data
in ``knowledge/``. Nothing here reads a message or writes a reply.
"""
