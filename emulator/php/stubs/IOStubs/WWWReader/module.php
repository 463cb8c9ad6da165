<?php

declare(strict_types=1);

include_once __DIR__ . '/../VirtualIO/module.php';

// WWW Reader as a stand-in: requests from the children are queued (PopText), answers are pushed.
class WWWReader extends VirtualIO
{
    protected const ACCEPTED = ['{D4C1D08F-CD3B-494B-BE18-B36EF73B8F43}'];
}
