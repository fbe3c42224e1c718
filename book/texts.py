"""The words the book adds to the chapters, in each edition's language (used by book/stage.py).

PAGE_NOTE goes under a chapter's title; STATIC_NOTE after a control whose slider (or menu) moves its
figure in the page; LIVE_NOTE after a control that needs a live kernel; CONFIG holds what differs in
`_config.yml`; OTHER is the link to the same page in the other edition."""

PAGE_NOTE = {
    "en": """```{{note}}
This page is the chapter as it ran when the book was built: every figure and printed number on it is
the real output of the code just before it. {controls}To run the code yourself, open the chapter
live with the launch button (rocket icon) at the top of the page (Binder or Colab), or on your own
machine with the command on the front page ({{ref}}`run-it-live`).
```""",
    "ko": """```{{note}}
이 페이지는 책을 만들 때 실행한 그대로의 장입니다. 페이지의 모든 그림과 출력된 숫자는 바로 위 코드가
실제로 낸 결과입니다. {controls}코드를 직접 실행하려면 페이지 맨 위의 실행 버튼(로켓 아이콘)으로 이 장을
Binder나 Colab에서 열거나, 첫 페이지의 명령({{ref}}`run-it-live`)으로 내 컴퓨터에서 여세요.
```""",
}

CONTROLS_SENTENCE = {
    "en": ("It has {n} interactive control{s} ({names}). In this page one slider (or menu) of each "
           "moves its figure through pictures computed when the book was built; the greyed ones need "
           "a live kernel. "),
    "ko": ("이 장에는 대화형 컨트롤이 {n}개 있습니다({names}). 이 페이지에서는 컨트롤마다 슬라이더(또는 메뉴) "
           "하나가 책을 만들 때 미리 계산한 그림들 사이를 오가며 그림을 바꿉니다. 회색으로 흐려진 것은 "
           "실행 중인 커널이 있어야 움직입니다. "),
}

STATIC_NOTE = {
    "en": """```{{admonition}} Works in this page
:class: tip
The slider that is not greyed out moves `{name}`'s figure and readout here, without a kernel, through
positions computed when the book was built. The greyed controls, and the positions in between, need
the chapter open live (launch button at the top).
```""",
    "ko": """```{{admonition}} 이 페이지에서 움직이는 것
:class: tip
흐려지지 않은 슬라이더는 커널 없이도 이 페이지에서 `{name}`의 그림과 수치를 바꿉니다. 보여 주는 위치는
책을 만들 때 계산해 둔 것들입니다. 회색 컨트롤과 그 사이의 값은 이 장을 실행 환경에서 열어야(맨 위의
실행 버튼) 쓸 수 있습니다.
```""",
}

LIVE_NOTE = {
    "en": """```{{admonition}} Needs a live kernel
:class: tip
`{name}` computes its figure and numbers in Python, and its drawing pad runs only in a notebook. In
this page the figure stays as it was when the book was built; open the chapter live (launch button at
the top) to draw and see the figure follow.
```""",
    "ko": """```{{admonition}} 실행 중인 커널이 필요합니다
:class: tip
`{name}`은 그림과 숫자를 파이썬으로 계산하고, 그림판은 노트북 안에서만 동작합니다. 이 페이지의 그림은
책을 만들 때의 모습 그대로입니다. 직접 그려 보고 그림이 따라 바뀌는 것을 보려면 이 장을 실행 환경에서
여세요(맨 위의 실행 버튼).
```""",
}

CONFIG = {
    "en": {"title": "How a neural network learns", "toc": ("Chapters", "Reference"),
           "footer": ("Built from the chapters in the repository's <code>notebooks/</code> folder by "
                      "<code>bash book/build.sh</code>. One slider of each control moves its figure in "
                      "the page; the others need a live notebook.")},
    "ko": {"title": "신경망은 어떻게 배우는가", "toc": ("장", "참고"),
           "fold": ("코드 보기", "코드 숨기기"),                   # myst-nb's "Show/Hide code cell source"
           "footer": ("저장소의 <code>notebooks/ko/</code> 폴더에 있는 장들로 <code>bash book/build.sh</code>가 "
                      "만든 책입니다. 컨트롤마다 슬라이더 하나는 페이지 안에서 그림을 바꾸고, 나머지는 실행 중인 "
                      "노트북이 필요합니다.")},
}

# the link to the other edition: (folder of the other edition relative to this one, its label, its language)
OTHER = {"en": ("ko/", "한국어판", "ko"), "ko": ("../", "English edition", "en")}
