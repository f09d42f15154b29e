"""Page furniture that only a corpus can reveal: blocks repeated verbatim across an outlet's pages."""

from __future__ import annotations

import numpy as np
import pandas as pd

# A line must recur on at least this many distinct pages of one outlet, and on at
# least this share of them, before it counts as furniture rather than a quotation
# or a paragraph shared by two related articles.
MIN_DOCUMENTS = 5
MIN_SHARE = 0.05


def repeated_body_blocks(
    blocks: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    min_documents: int = MIN_DOCUMENTS,
    min_share: float = MIN_SHARE,
) -> pd.Series:
    """Boolean mask over ``blocks``: body blocks repeated across many pages of the same outlet.

    Byte-identical files (``documents.duplicate_of`` set) are left out of the
    count, so a page scraped twice does not make its own paragraphs furniture.
    """
    originals = documents.loc[documents["duplicate_of"].isna(), ["doc_id", "outlet"]]
    outlet_of = pd.Series(originals["outlet"].fillna("").to_numpy(), index=originals["doc_id"].to_numpy())
    body = blocks["kind"].eq("body") & blocks["doc_id"].isin(outlet_of.index)
    mask = pd.Series(False, index=blocks.index)
    if not body.any():
        return mask
    candidates = pd.DataFrame(
        {
            "doc_id": blocks.loc[body, "doc_id"].to_numpy(),
            "outlet": outlet_of.reindex(blocks.loc[body, "doc_id"].to_numpy()).to_numpy(),
            "key": pd.util.hash_array(blocks.loc[body, "text"].to_numpy(dtype=object)),
        },
        index=blocks.index[body],
    )
    pages = candidates.groupby(["outlet", "key"])["doc_id"].transform("nunique")
    outlet_size = candidates["outlet"].map(outlet_of.value_counts())
    threshold = np.maximum(min_documents, np.ceil(outlet_size * min_share))
    mask.loc[candidates.index] = (pages >= threshold).to_numpy()
    return mask
