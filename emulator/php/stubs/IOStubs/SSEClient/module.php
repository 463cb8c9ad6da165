<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// SSE Client as a stand-in: PushText delivers an event's text to the children.
class SSEClient extends VirtualIO
{
}
