import pandas as pd

from corpus.lang import detect_language


def test_detect_language():
    texts = pd.Series(
        [
            "Il presidente del Kazakistan ha chiesto aiuto ai paesi membri.",
            "The president of Kazakhstan asked the member states for help.",
            "Le président du Kazakhstan a demandé l'aide des pays membres.",
            "",
            None,
        ],
        index=list("vwxyz"),
    )
    codes = detect_language(texts)
    assert codes.dtype == "category"
    assert codes.index.tolist() == list("vwxyz")
    assert codes.astype(object).where(codes.notna(), None).tolist() == ["it", "en", "fr", None, None]
